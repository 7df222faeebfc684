// rollout: validate one uploaded version completely and publish it in the model's manifest (DESIGN.md §4).
// Idempotent, so every ObjectCreated event of a version may run it: incomplete → PENDING (nothing
// written), already recorded with the same files → UNCHANGED (nothing written), else AVAILABLE or FAILED.
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import {
  checkModelName, checkVersionDirName, parseVersionDir, readManifest, updateManifest,
  type ManifestFile, type ManifestVersion, type ModelStore, type UpdateManifestOptions,
} from '../registry/index.ts';
import { checkCompleteness, modelFilesFromMap } from '../savedmodel/index.ts';
import { COMMIT_MARKER_PATH, parseCommitMarker } from './commit-marker.ts';
import { applyPublish, isRecorded } from './publish.ts';
import { checkRolloutConfig, type RolloutConfig } from './rollout-config.ts';
import { readVersion } from './version-files.ts';
import { validateVersion } from './version-validation.ts';
import { publishServingArtifact } from './serving-artifact.ts';

/**
 * AVAILABLE / FAILED: recorded in the manifest now. PENDING: files are still missing; nothing written.
 * UNCHANGED: the manifest already records this version with the same files (in any state); nothing written.
 */
export type RolloutState = 'AVAILABLE' | 'FAILED' | 'PENDING' | 'UNCHANGED';

export interface RolloutResult {
  model: string;
  dirName: string;
  version: bigint;
  state: RolloutState;
  /** Why FAILED or PENDING. */
  reason?: string;
}

export interface RolloutOptions {
  /** The model's rollout configuration. Default {}. */
  config?: RolloutConfig;
  /** Recorded as the version's validatedBy, e.g. a Lambda request id. Default: not recorded. */
  validatedBy?: string;
  /** One line per outcome (and per unexpected load error). Default: silent. */
  log?: (message: string) => void;
  /** Retry settings of the conditional manifest write. Default: updateManifest's. */
  manifestUpdate?: UpdateManifestOptions;
}

const OPTION_KEYS = new Set(['config', 'validatedBy', 'log', 'manifestUpdate']);

/**
 * Validates `<store>/<model>/<dirName>/` and records the outcome in `<model>/manifest.json`.
 * Completeness: with a commit marker (commit-marker.ts) the marker is the authority — a file missing or
 * shorter than the marker says is PENDING, a checksum that differs after reading is FAILED, and files
 * the marker does not list are ignored (not loaded, not recorded). Without one (plain `aws s3 cp`),
 * checkCompleteness decides PENDING, except that a present shard shorter than the index needs is FAILED.
 * Idempotence: "same files" means the same paths, sizes and sha256s. With a marker this is decided
 * from the marker alone (no model file is read); without one every file is read and hashed first.
 * Validation (version-validation.ts): the graph is converted with the configured engine, warm-up requests are
 * replayed, at least one signature (and every `requiredSignatures` key) must exist; the servable is then disposed.
 * With rollout.json `heavy`, a version the portable engine cannot run (or runs over the thresholds) is published
 * AVAILABLE with target 'heavy'.
 * Store errors and UNAVAILABLE load errors (e.g. the native engine is not installed) are thrown, not
 * recorded, so the event is retried; any other load error makes the version FAILED.
 * @example
 * const r = await rolloutVersion(store, 'digits', '3', { config: { autoLabels: { canary: 'latest' } } });
 * // { model: 'digits', dirName: '3', version: 3n, state: 'AVAILABLE' }
 */
export async function rolloutVersion(store: ModelStore, model: string, dirName: string, options: RolloutOptions = {}): Promise<RolloutResult> {
  checkOptionKeys(options, OPTION_KEYS, 'rolloutVersion');
  const config = checkRolloutConfig(options.config ?? {});
  checkModelName(model);
  checkVersionDirName(dirName);
  const version = parseVersionDir(dirName)!;
  const log = options.log ?? (() => undefined);
  const where = `${store.url}/${model}/${dirName}`;
  const done = (state: RolloutState, reason?: string): RolloutResult => {
    log(`rollout ${where}: ${state}${reason ? `: ${reason}` : ''}`);
    return { model, dirName, version, state, ...(reason !== undefined ? { reason } : {}) };
  };

  const listing = await store.listFiles(model, dirName);
  const sizes = new Map(listing.filter((f) => f.path !== COMMIT_MARKER_PATH).map((f) => [f.path, f.size]));
  const recorded = (await readManifest(store, model))?.versions.get(version);
  if (recorded?.state === 'AVAILABLE' && recorded.dirName !== dirName) {
    return done('FAILED', `version ${version} is already published from directory ${recorded.dirName}; directory ${dirName} is ignored (not recorded)`);
  }

  let expected: ManifestFile[] | undefined;
  const cached = new Map<string, Uint8Array>();
  if (listing.some((f) => f.path === COMMIT_MARKER_PATH)) {
    let markerBytes: Uint8Array;
    try {
      markerBytes = await store.readFile(model, dirName, COMMIT_MARKER_PATH);
    } catch (e) {
      if (isServingError(e) && e.code === 'NOT_FOUND') return done('PENDING', 'the commit marker vanished while reading it');
      throw e;
    }
    try {
      expected = parseCommitMarker(markerBytes, `${where}/${COMMIT_MARKER_PATH}`).files;
    } catch (e) {
      // Reported, not recorded: the manifest could not tell a fixed marker from this one (same files).
      if (isServingError(e) && e.code === 'DATA_LOSS') return done('FAILED', e.message);
      throw e;
    }
    const missing = missingVsMarker(expected, sizes);
    if (missing.length > 0) return done('PENDING', missing.join('; '));
    if (isRecorded(recorded, dirName, expected)) return done('UNCHANGED');
  } else {
    const read = async (path: string): Promise<Uint8Array> => {
      const bytes = await store.readFile(model, dirName, path);
      cached.set(path, bytes);
      return bytes;
    };
    const completeness = await checkCompleteness(sizes, read, config.tags);
    // An S3 object appears whole (a PUT is atomic), so a data shard shorter than the index needs can never
    // complete: it goes on to validation, whose load fails and records FAILED with the reason (issue 10).
    if (!completeness.complete && completeness.short.length === 0) return done('PENDING', completeness.missing.join('; '));
  }

  let read;
  try {
    read = await readVersion(store, model, dirName, expected?.map((f) => f.path) ?? [...sizes.keys()], config.readConcurrency ?? 8, cached);
  } catch (e) {
    if (isServingError(e) && e.code === 'NOT_FOUND') return done('PENDING', `a file vanished while reading: ${e.message}`);
    throw e;
  }
  if (!expected && isRecorded(recorded, dirName, read.files)) return done('UNCHANGED');

  const mismatches = expected ? checksumMismatches(expected, read.files) : [];
  const outcome = mismatches.length > 0
    ? { state: 'FAILED' as const, error: `files differ from the commit marker: ${mismatches.join('; ')}` }
    : await validateVersion(modelFilesFromMap(read.bytes), where, config, log);
  if (isRecorded(recorded, dirName, read.files, outcome.state)) return done('UNCHANGED');

  const entry: ManifestVersion = {
    dirName,
    state: outcome.state,
    ...(outcome.state === 'FAILED' ? { error: outcome.error } : {}),
    ...(outcome.state === 'AVAILABLE' && outcome.unavailable ? { unavailableSignatures: outcome.unavailable } : {}),
    ...(outcome.state === 'AVAILABLE' && outcome.target ? { target: outcome.target, heavyReason: outcome.heavyReason } : {}),
    files: read.files,
    publishedAt: new Date().toISOString(),
    ...(options.validatedBy !== undefined ? { validatedBy: options.validatedBy } : {}),
  };
  // Before the manifest: a container that sees the version published finds its artifact already there.
  if (outcome.state === 'AVAILABLE' && !outcome.target) await publishServingArtifact(store, model, dirName, modelFilesFromMap(read.bytes), read.files, config, log);
  let wroteVersion = false;
  await updateManifest(store, model, (m) => {
    const change = applyPublish(m, version, entry, config.autoLabels, config.policy);
    wroteVersion = change.wroteVersion;
    return change.changed ? m : undefined;
  }, options.manifestUpdate);
  return wroteVersion ? done(entry.state, entry.error) : done('UNCHANGED');
}

/** "… is missing" / "… has N bytes, the commit marker says M" for files not (fully) there yet. */
function missingVsMarker(expected: readonly ManifestFile[], sizes: ReadonlyMap<string, number>): string[] {
  const missing: string[] = [];
  for (const f of expected) {
    const size = sizes.get(f.path);
    if (size === undefined) missing.push(`${f.path} is missing`);
    else if (size < f.size) missing.push(`${f.path} has ${size} bytes, the commit marker says ${f.size}`);
  }
  return missing;
}

function checksumMismatches(expected: readonly ManifestFile[], actual: readonly ManifestFile[]): string[] {
  const byPath = new Map(actual.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const f of expected) {
    const a = byPath.get(f.path)!;
    if (a.size !== f.size) problems.push(`${f.path} has ${a.size} bytes, expected ${f.size}`);
    else if (a.sha256 !== f.sha256) problems.push(`${f.path} has sha256 ${a.sha256}, expected ${f.sha256}`);
  }
  return problems;
}
