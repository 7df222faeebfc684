// A model's versions in a local directory `<base>/<version>/`, with TF Serving's listing semantics
// (FileSystemStoragePathSource: every child whose name is an int64 is a version) plus two guards TF Serving
// lacks: a version is ready only once every file it needs is present (see lib/savedmodel/completeness.ts),
// and, after the first scan, only once its listing is unchanged between two consecutive scans (a copy in
// progress keeps changing sizes and mtimes). A version that stays incomplete with an unchanged listing for
// `incompleteTimeoutMs` is declared failed with the reason (issue 10: a missing shard or an index that points
// past its data waited forever); it is looked at again as soon as its files change.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ServingError } from '../errors/index.ts';
import { walkFiles } from '../io/index.ts';
import { parseVersionDir } from '../registry/index.ts';
import { checkCompleteness, type ModelFiles, readModelDir } from '../savedmodel/index.ts';
import type { VersionScan, VersionSource } from './version-source.ts';

interface FileStat {
  size: number;
  mtimeMs: number;
}

export interface DirVersionSourceOptions {
  /** How long a version may stay incomplete with no change to its files before it fails, in ms; default 30000. */
  incompleteTimeoutMs?: number;
  /** Clock in ms, for tests; default Date.now. */
  now?: () => number;
}

export class DirVersionSource implements VersionSource {
  private readonly dirs = new Map<bigint, string>();
  /** When each version's listing last changed (or was first seen), by fingerprint. */
  private readonly unchangedSince = new Map<bigint, { fingerprint: string; at: number }>();
  private readonly incompleteTimeoutMs: number;
  private readonly now: () => number;
  private previous = new Map<bigint, string>();
  /** The completeness verdict per version for the listing fingerprint it was computed on (checked once per change, not per poll). */
  private verdicts = new Map<bigint, { fingerprint: string; missing: string[] }>();
  private scans = 0;

  constructor(readonly url: string, options: DirVersionSourceOptions = {}) {
    this.incompleteTimeoutMs = options.incompleteTimeoutMs ?? 30_000;
    if (!(this.incompleteTimeoutMs > 0)) throw new ServingError('INVALID_ARGUMENT', `incompleteTimeoutMs must be positive, got ${this.incompleteTimeoutMs}`);
    this.now = options.now ?? Date.now;
  }

  async scan(): Promise<VersionScan> {
    let entries;
    try {
      entries = await readdir(this.url, { withFileTypes: true });
    } catch (e) {
      throw new ServingError('NOT_FOUND', `Could not list model base path ${this.url}: ${(e as Error).message}`, { cause: e });
    }
    const scan: VersionScan = { ready: new Map(), pending: new Map() };
    const seen = new Map<bigint, string>();
    const firstScan = this.scans++ === 0;
    for (const entry of entries) {
      const version = parseVersionDir(entry.name);
      if (version === undefined) continue;
      const dir = join(this.url, entry.name);
      // Two directories for one version ("1" and "001"): TF Serving takes one; we take the first in name order.
      if (seen.has(version) || !(await isDirectory(dir))) continue;
      const listing = await listFiles(dir);
      const fingerprint = fingerprintOf(listing);
      seen.set(version, fingerprint);
      this.dirs.set(version, dir);
      let verdict = this.verdicts.get(version);
      if (verdict?.fingerprint !== fingerprint) {
        const sizes = new Map([...listing].map(([p, s]) => [p, s.size]));
        verdict = { fingerprint, missing: (await checkCompleteness(sizes, (p) => readFile(join(dir, p)))).missing };
        this.verdicts.set(version, verdict);
      }
      const { missing } = verdict;
      let since = this.unchangedSince.get(version);
      if (since?.fingerprint !== fingerprint) this.unchangedSince.set(version, (since = { fingerprint, at: this.now() }));
      const stuckMs = this.now() - since.at;
      if (missing.length && stuckMs >= this.incompleteTimeoutMs) {
        (scan.failed ??= new Map()).set(version, `the version stayed incomplete for ${this.incompleteTimeoutMs / 1000} s with no change to its files: ${missing.join('; ')}`);
      } else if (missing.length) scan.pending.set(version, missing.join('; '));
      else if (!firstScan && this.previous.get(version) !== fingerprint) scan.pending.set(version, 'files are still changing');
      else scan.ready.set(version, fingerprint);
    }
    if (seen.size === 0) scan.emptyHint = emptyHint(this.url, entries.map((e) => e.name));
    this.previous = seen;
    for (const version of this.verdicts.keys()) if (!seen.has(version)) this.verdicts.delete(version);
    for (const version of this.unchangedSince.keys()) if (!seen.has(version)) this.unchangedSince.delete(version);
    return scan;
  }

  async read(version: bigint): Promise<ModelFiles> {
    const dir = this.dirs.get(version);
    if (!dir) throw new ServingError('NOT_FOUND', `Version ${version} not found under ${this.url}`);
    return readModelDir(dir);
  }
}

/** TF Serving asks "Did you forget to name your leaf directory as a number (eg. '/1/')?"; we say what we see. */
function emptyHint(url: string, names: string[]): string {
  const leaf = basename(url.replace(/\/+$/, ''));
  if (parseVersionDir(leaf) !== undefined) return `The base path looks like a version directory (${leaf}); give its parent, ${dirname(url)}, as the base path.`;
  if (names.includes('saved_model.pb') || names.includes('saved_model.pbtxt')) return `It holds a SavedModel directly: move it into a version directory such as ${join(url, '1')}.`;
  return "Did you forget to name your leaf directory as a number (eg. '/1/')?";
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under `dir` (following symlinks), relative POSIX path → size and mtime; {} once it vanished. */
async function listFiles(dir: string): Promise<Map<string, FileStat>> {
  // Removed while listing: the next scan sees the new state.
  const files = await walkFiles(dir).catch(() => []);
  return new Map(files.map((f) => [f.path, { size: f.size, mtimeMs: f.mtimeMs }]));
}

function fingerprintOf(listing: Map<string, FileStat>): string {
  const h = createHash('sha256');
  for (const [path, s] of [...listing].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
  return h.digest('hex').slice(0, 16);
}
