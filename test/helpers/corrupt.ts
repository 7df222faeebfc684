// Makes real corrupted copies of SavedModel versions for bad-input tests (never mocks).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelFiles, modelFilesFromMap } from '../../lib/savedmodel/index.ts';

/** A writable copy of a version directory in a fresh temp dir. */
export function copyVersion(dir: string): string {
  const dst = join(mkdtempSync(join(tmpdir(), 'tfs-')), 'v');
  cpSync(dir, dst, { recursive: true });
  return dst;
}

/** In-memory files with one file replaced, removed (`undefined`), or edited. */
export function withFile(
  files: ModelFiles,
  path: string,
  edit: Uint8Array | undefined | ((bytes: Uint8Array) => Uint8Array | undefined),
): ModelFiles {
  const map = new Map<string, Uint8Array>();
  for (const p of files.paths()) map.set(p, files.get(p)!);
  const next = typeof edit === 'function' ? edit(new Uint8Array(map.get(path)!)) : edit;
  if (next === undefined) map.delete(path);
  else map.set(path, next);
  return modelFilesFromMap(map);
}

/** A copy of `bytes` with the byte at `index` (negative: from the end) XOR-ed with 0xff. */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const i = index < 0 ? out.length + index : index;
  out[i] ^= 0xff;
  return out;
}
