// Validation of a manifest's JSON value (manifest.ts shows the shape). Strict: unknown keys, wrong
// types, non-canonical int64 strings and unsafe names are refused, naming the first bad field.
import { ServingError, type ErrorCode } from '../errors/index.ts';
import type { Manifest, ManifestFile, ManifestVersion } from './manifest.ts';
import { isValidLabel, parseVersionDir } from './names.ts';
import { relativePathProblem } from './store-keys.ts';
import type { VersionPolicy } from './version-policy.ts';

/** The manifest format this code reads and writes. */
export const MANIFEST_FORMAT = 1;

const TOP_KEYS = ['format', 'model', 'generation', 'policy', 'labels', 'versions'];
const VERSION_KEYS = ['dirName', 'state', 'error', 'unavailableSignatures', 'target', 'heavyReason', 'files', 'publishedAt', 'validatedBy'];
const FILE_KEYS = ['path', 'size', 'sha256'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Fail = (where: string, problem: string) => never;

/** The Manifest a JSON value describes; throws `code` (DATA_LOSS when reading, INVALID_ARGUMENT when writing). */
export function manifestFromJson(value: unknown, model: string, code: ErrorCode): Manifest {
  const fail: Fail = (where, problem) => {
    throw new ServingError(code, `${code === 'DATA_LOSS' ? 'Corrupt' : 'Invalid'} manifest for model ${model}: ${where} ${problem}`);
  };
  const top = record(value, 'the document', fail);
  onlyKeys(top, TOP_KEYS, 'the document', fail);
  if (typeof top.format === 'number' && Number.isInteger(top.format) && top.format > MANIFEST_FORMAT) {
    throw new ServingError('FAILED_PRECONDITION', `The manifest for model ${model} has format ${top.format}, written by a newer tf-serverless; this one reads format ${MANIFEST_FORMAT}`);
  }
  if (top.format !== MANIFEST_FORMAT) fail('"format"', `must be ${MANIFEST_FORMAT}, got ${JSON.stringify(top.format)}`);
  if (top.model !== model) fail('"model"', `must be ${JSON.stringify(model)}, got ${JSON.stringify(top.model)}`);
  const generation = top.generation;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) fail('"generation"', 'must be a non-negative integer');
  const labels = new Map<string, bigint>();
  for (const [label, v] of Object.entries(record(top.labels, '"labels"', fail))) {
    if (!isValidLabel(label)) fail(`labels[${JSON.stringify(label)}]`, 'is not a valid label');
    labels.set(label, int64(v, `labels[${JSON.stringify(label)}]`, fail));
  }
  const versions = new Map<bigint, ManifestVersion>();
  for (const [key, entry] of Object.entries(record(top.versions, '"versions"', fail))) {
    const where = `versions[${JSON.stringify(key)}]`;
    const version = int64(key, `${where} key`, fail);
    versions.set(version, versionEntry(entry, version, where, fail));
  }
  return { format: MANIFEST_FORMAT, model, generation: generation as number, policy: policy(top.policy, fail), labels, versions };
}

function versionEntry(value: unknown, version: bigint, where: string, fail: Fail): ManifestVersion {
  const e = record(value, where, fail);
  onlyKeys(e, VERSION_KEYS, where, fail);
  if (typeof e.dirName !== 'string' || parseVersionDir(e.dirName) !== version) fail(`${where}.dirName`, `must be a directory name for version ${version}`);
  if (e.state !== 'AVAILABLE' && e.state !== 'FAILED') fail(`${where}.state`, 'must be "AVAILABLE" or "FAILED"');
  if (e.error !== undefined && typeof e.error !== 'string') fail(`${where}.error`, 'must be a string');
  if (e.validatedBy !== undefined && typeof e.validatedBy !== 'string') fail(`${where}.validatedBy`, 'must be a string');
  const unavailable = e.unavailableSignatures;
  if (unavailable !== undefined && (typeof unavailable !== 'object' || unavailable === null || Array.isArray(unavailable) || Object.values(unavailable).some((r) => typeof r !== 'string'))) {
    fail(`${where}.unavailableSignatures`, 'must map signature keys to strings');
  }
  if (e.target !== undefined && e.target !== 'heavy') fail(`${where}.target`, 'must be "heavy" when present');
  if (e.heavyReason !== undefined && typeof e.heavyReason !== 'string') fail(`${where}.heavyReason`, 'must be a string');
  if (typeof e.publishedAt !== 'string' || !ISO_TIME.test(e.publishedAt) || Number.isNaN(Date.parse(e.publishedAt))) fail(`${where}.publishedAt`, 'must be an ISO-8601 time');
  if (!Array.isArray(e.files)) fail(`${where}.files`, 'must be an array');
  const files = (e.files as unknown[]).map((f, i) => fileEntry(f, `${where}.files[${i}]`, fail));
  const paths = new Set(files.map((f) => f.path));
  if (paths.size !== files.length) fail(`${where}.files`, 'lists a path twice');
  return {
    dirName: e.dirName as string,
    state: e.state as ManifestVersion['state'],
    ...(e.error !== undefined ? { error: e.error as string } : {}),
    ...(unavailable !== undefined ? { unavailableSignatures: { ...(unavailable as Record<string, string>) } } : {}),
    ...(e.target !== undefined ? { target: e.target as 'heavy' } : {}),
    ...(e.heavyReason !== undefined ? { heavyReason: e.heavyReason as string } : {}),
    files,
    publishedAt: e.publishedAt as string,
    ...(e.validatedBy !== undefined ? { validatedBy: e.validatedBy as string } : {}),
  };
}

function fileEntry(value: unknown, where: string, fail: Fail): ManifestFile {
  const f = record(value, where, fail);
  onlyKeys(f, FILE_KEYS, where, fail);
  if (typeof f.path !== 'string' || relativePathProblem(f.path)) fail(`${where}.path`, 'must be a safe relative path');
  if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0) fail(`${where}.size`, 'must be a non-negative integer');
  if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) fail(`${where}.sha256`, 'must be 64 lowercase hex digits');
  return { path: f.path as string, size: f.size as number, sha256: f.sha256 as string };
}

function policy(value: unknown, fail: Fail): VersionPolicy {
  const p = record(value, '"policy"', fail);
  switch (p.kind) {
    case 'latest': {
      onlyKeys(p, ['kind', 'numVersions'], '"policy"', fail);
      const n = p.numVersions;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) fail('policy.numVersions', 'must be a positive integer');
      return { kind: 'latest', numVersions: n as number };
    }
    case 'all':
      onlyKeys(p, ['kind'], '"policy"', fail);
      return { kind: 'all' };
    case 'specific': {
      onlyKeys(p, ['kind', 'versions'], '"policy"', fail);
      if (!Array.isArray(p.versions) || p.versions.length === 0) fail('policy.versions', 'must be a non-empty array');
      return { kind: 'specific', versions: (p.versions as unknown[]).map((v, i) => int64(v, `policy.versions[${i}]`, fail)) };
    }
    default:
      return fail('policy.kind', 'must be "latest", "all" or "specific"');
  }
}

/** A canonical decimal int64 string ("3", never "03", "+3" or 3). */
function int64(value: unknown, where: string, fail: Fail): bigint {
  const v = typeof value === 'string' && /^(0|[1-9]\d{0,18})$/.test(value) ? parseVersionDir(value) : undefined;
  return v ?? fail(where, `must be a version as a canonical decimal string, got ${JSON.stringify(value)}`);
}

function record(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be a JSON object');
  return value as Record<string, unknown>;
}

function onlyKeys(obj: Record<string, unknown>, allowed: string[], where: string, fail: Fail): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) fail(where, `has an unknown field ${JSON.stringify(key)}`);
}
