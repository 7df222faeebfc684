// The per-model manifest `<prefix>/<name>/manifest.json` (DESIGN.md §4): the versions rollout validated
// and published, their state and checksums, the version policy and the labels. Serving trusts only
// this document, never a bare listing. Pure functions here; I/O in manifest-update.ts / manifest-cache.ts.
//
// On the wire (int64 versions as decimal strings; keys sorted, versions ascending):
//   { "format": 1, "model": "digits", "generation": 4, "policy": { "kind": "latest", "numVersions": 1 },
//     "labels": { "stable": "3" },
//     "versions": { "3": { "dirName": "00000003", "state": "AVAILABLE",
//       "files": [{ "path": "saved_model.pb", "size": 1234, "sha256": "…" }], "publishedAt": "2025-01-01T00:00:00.000Z" } } }
import { ServingError } from '../errors/index.ts';
import { MANIFEST_FORMAT, manifestFromJson } from './manifest-json.ts';
import { DEFAULT_POLICY, type VersionPolicy } from './version-policy.ts';

/** The document name under the model directory. */
export const MANIFEST_DOCUMENT = 'manifest.json';
/** The format this code reads and writes; a greater one is refused (FAILED_PRECONDITION), never rewritten. */
export { MANIFEST_FORMAT };

/** A version's serving target other than the api function (ManifestVersion.target). */
export type VersionTarget = 'heavy';

/** AVAILABLE: validated, may be served. FAILED: validation failed; never served (`error` says why). */
export type ManifestVersionState = 'AVAILABLE' | 'FAILED';

export interface ManifestFile {
  /** Relative POSIX path inside the version directory. */
  path: string;
  /** Bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
}

export interface ManifestVersion {
  /** The directory as stored ("00000003" for version 3). */
  dirName: string;
  state: ManifestVersionState;
  /** Why validation failed (FAILED only). */
  error?: string;
  /**
   * Signatures of an AVAILABLE version that cannot run on the validated engine/backend → why (UNIMPLEMENTED
   * naming op and node); they answer UNIMPLEMENTED when called. Absent when every signature runs.
   */
  unavailableSignatures?: Record<string, string>;
  /**
   * Where the version is served: absent = the api function (portable engine); 'heavy' = the heavy target
   * (native engine: the heavy Lambda image or the container service), to which the api function forwards.
   * Rollout decides it (lib/rollout/heavy-choice.ts); `heavyReason` says why.
   */
  target?: VersionTarget;
  /** Why rollout chose the heavy target (the portable engine's refusal, or the threshold exceeded). */
  heavyReason?: string;
  /** Every file of the version, sorted by path. */
  files: ManifestFile[];
  /** ISO-8601 time of publication. */
  publishedAt: string;
  /** Who validated it, e.g. a rollout function's request id. */
  validatedBy?: string;
}

/**
 * One model's manifest in memory.
 * IMPORTANT: a manifest handed out by ManifestCache is shared: treat it as read-only. updateManifest
 * gives its `mutate` a private copy.
 */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  model: string;
  /** Incremented by every write (updateManifest); 0 for a manifest never written. */
  generation: number;
  policy: VersionPolicy;
  /** label → version. */
  labels: Map<string, bigint>;
  /** version → entry. */
  versions: Map<bigint, ManifestVersion>;
}

/** The manifest of a model that has none yet (generation 0, TF Serving's default policy: latest 1). */
export function emptyManifest(model: string): Manifest {
  return { format: MANIFEST_FORMAT, model, generation: 0, policy: DEFAULT_POLICY, labels: new Map(), versions: new Map() };
}

/**
 * Parses and validates manifest bytes for `model`. A document that is not a valid format-1 manifest of
 * this model is DATA_LOSS (naming the first bad field); a newer format is FAILED_PRECONDITION.
 * @example const m = parseManifest(bytes, 'digits'); m.versions.get(3n)?.state;
 */
export function parseManifest(bytes: Uint8Array, model: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ServingError('DATA_LOSS', `Corrupt manifest for model ${model}: not valid UTF-8 JSON (${(e as Error).message})`, { cause: e });
  }
  return manifestFromJson(value, model, 'DATA_LOSS');
}

/**
 * The manifest as canonical JSON bytes (2-space indent, trailing newline, versions ascending).
 * Throws INVALID_ARGUMENT for a manifest that parseManifest would refuse, so nothing unreadable is written.
 */
export function serializeManifest(m: Manifest): Uint8Array {
  const json = manifestToJson(m);
  manifestFromJson(json, m.model, 'INVALID_ARGUMENT');
  return new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
}

/** A deep copy (Maps, arrays and entries are new; strings and bigints are immutable). */
export function cloneManifest(m: Manifest): Manifest {
  const versions = new Map<bigint, ManifestVersion>();
  for (const [v, e] of m.versions) {
    versions.set(v, { ...e, files: e.files.map((f) => ({ ...f })), ...(e.unavailableSignatures ? { unavailableSignatures: { ...e.unavailableSignatures } } : {}) });
  }
  const policy: VersionPolicy = m.policy.kind === 'specific' ? { kind: 'specific', versions: [...m.policy.versions] } : { ...m.policy };
  return { ...m, policy, labels: new Map(m.labels), versions };
}

function manifestToJson(m: Manifest): Record<string, unknown> {
  const labels: Record<string, string> = {};
  for (const label of [...m.labels.keys()].sort()) labels[label] = String(m.labels.get(label));
  const versions: Record<string, unknown> = {};
  for (const v of [...m.versions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const e = m.versions.get(v)!;
    versions[String(v)] = {
      dirName: e.dirName,
      state: e.state,
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.unavailableSignatures !== undefined ? { unavailableSignatures: e.unavailableSignatures } : {}),
      ...(e.target !== undefined ? { target: e.target } : {}),
      ...(e.heavyReason !== undefined ? { heavyReason: e.heavyReason } : {}),
      files: [...e.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
      publishedAt: e.publishedAt,
      ...(e.validatedBy !== undefined ? { validatedBy: e.validatedBy } : {}),
    };
  }
  return { format: m.format, model: m.model, generation: m.generation, policy: policyToJson(m.policy), labels, versions };
}

function policyToJson(p: VersionPolicy): Record<string, unknown> {
  switch (p.kind) {
    case 'latest': return { kind: 'latest', numVersions: p.numVersions };
    case 'all': return { kind: 'all' };
    case 'specific': return { kind: 'specific', versions: p.versions.map(String) };
  }
}
