// Model base directories built in a temp dir from committed SavedModels: whole copies, half copies
// (some files left out), corrupt copies — what a user's `cp -r` looks like mid-way.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BUNDLED_MODELS } from './fixtures.ts';

export const HALF_PLUS_TWO_V1 = join(BUNDLED_MODELS, 'half_plus_two/1');
export const DIGITS_V1 = join(BUNDLED_MODELS, 'digits/1');

export function tempBase(prefix = 'tfs-base-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies a version directory; `keep(relativePath)` false leaves a file out (a half-finished copy). */
export function copyVersion(from: string, to: string, keep: (path: string) => boolean = () => true): void {
  cpSync(from, to, { recursive: true, filter: (src) => statSync(src).isDirectory() || keep(relative(from, src).split('\\').join('/')) });
}

/** Overwrites one file of a copied version with bytes that are not what they should be. */
export function corruptFile(versionDir: string, path: string, bytes = new TextEncoder().encode('not a protobuf at all')): void {
  writeFileSync(join(versionDir, path), bytes);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function fileList(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}
