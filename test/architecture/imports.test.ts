// The module map of DESIGN.md §2, checked on the source: every import from another lib/ folder goes through
// that folder's index.ts, and every arrow between folders points down the layers below (no cycles).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.ts';

/**
 * What each folder may import (besides itself), as DESIGN.md draws it. A folder is `lib/<name>` or `functions`.
^ * functions, cli → server → {api, grpc} → rollout → loader → inference → {registry, engine}
 * → savedmodel → {tensor → proto, io} → errors; monitoring (metrics) sits beside tensor, over proto.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  functions: ['forward', 'api', 'loader', 'rollout', 'registry', 'io', 'errors'],
  cli: ['server', 'api', 'rollout', 'loader', 'inference', 'registry', 'engine', 'savedmodel', 'tensor', 'monitoring', 'io', 'errors'],
  server: ['api', 'grpc', 'loader', 'registry', 'monitoring', 'errors'],
  api: ['loader', 'inference', 'savedmodel', 'tensor', 'proto', 'io', 'errors'],
  grpc: ['loader', 'inference', 'savedmodel', 'tensor', 'proto', 'monitoring', 'errors'],
  forward: ['api', 'loader', 'registry', 'errors'],
  rollout: ['loader', 'registry', 'engine', 'savedmodel', 'io', 'errors'],
  loader: ['inference', 'registry', 'engine', 'savedmodel', 'tensor', 'proto', 'monitoring', 'io', 'errors'],
  inference: ['engine', 'savedmodel', 'tensor', 'proto', 'monitoring', 'errors'],
  registry: ['savedmodel', 'tensor', 'proto', 'io', 'errors'],
  engine: ['savedmodel', 'tensor', 'proto', 'io', 'errors'],
  savedmodel: ['tensor', 'proto', 'io', 'errors'],
  tensor: ['proto', 'errors'],
  proto: ['errors'],
  monitoring: ['proto', 'errors'],
  io: ['errors'],
  errors: [],
};

interface Import {
  file: string;
  line: number;
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g;

function importsOf(file: string): Import[] {
  const out: Import[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    for (const m of text.matchAll(SPECIFIER)) out.push({ file: relative(REPO_ROOT, file), line: i + 1, target: relative(REPO_ROOT, resolve(dirname(file), m[1])) });
  });
  return out;
}

/** 'lib/api/rest/routes.ts' → 'api'; 'functions/api.ts' → 'functions'. */
function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'functions') return 'functions';
  return parts[0] === 'lib' && parts.length > 2 ? parts[1] : undefined;
}

const IMPORTS = ['lib', 'functions'].flatMap((d) => sourceFiles(join(REPO_ROOT, d))).flatMap(importsOf);
const CROSS = IMPORTS.filter((i) => folderOf(i.target) !== folderOf(i.file) && folderOf(i.target) !== undefined);
const where = (i: Import) => `${i.file}:${i.line} → ${i.target}`;

describe('module arrows (DESIGN.md §2)', () => {
  it('finds the imports it checks', () => {
    expect(CROSS.length).toBeGreaterThan(50);
  });

  it('imports another lib/ folder only through its index.ts', () => {
    const bypassing = CROSS.filter((i) => folderOf(i.target) !== 'functions' && i.target !== `lib/${folderOf(i.target)}/index.ts`);
    expect(bypassing.map(where)).toEqual([]);
  });

  it('points every arrow between folders down the layers', () => {
    const upward = CROSS.filter((i) => !(MAY_IMPORT[folderOf(i.file)!] ?? []).includes(folderOf(i.target)!));
    expect(upward.map(where)).toEqual([]);
  });

  it('lists every folder of lib/ in the layer table', () => {
    const folders = readdirSync(join(REPO_ROOT, 'lib'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it('has no cycle in the layer table itself', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cyclic = (f: string): boolean => {
      if (done.has(f)) return false;
      if (visiting.has(f)) return true;
      visiting.add(f);
      const found = (MAY_IMPORT[f] ?? []).some(cyclic);
      visiting.delete(f);
      done.add(f);
      return found;
    };
    expect(Object.keys(MAY_IMPORT).filter(cyclic)).toEqual([]);
  });
});
