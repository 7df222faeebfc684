// What a model's manifest means to a serving container (DESIGN.md §4): which versions are served (the
// policy over the AVAILABLE ones), which version a request names, and GetModelStatus's answer.
// Pure functions over a Manifest; no I/O, no clock.
import { type ModelSpec, resolveServableRequest, selectStatuses, type VersionStatus } from './manager.ts';
import type { ErrorCode } from '../errors/index.ts';
import { type Manifest, type ManifestVersion, selectVersions } from '../registry/index.ts';

/** Why the last load of a served version failed (shown by status until a load succeeds). */
export interface LoadFailure {
  code: ErrorCode;
  message: string;
}

/**
 * Error code shown for a version the manifest marks FAILED: rollout's validation refused it, so the
 * system is not in a state to load it (FAILED_PRECONDITION), as ModelManager reports a source's
 * failed versions. The manifest's `error` is the message.
 */
export const MANIFEST_FAILED_CODE: ErrorCode = 'FAILED_PRECONDITION';

/** The versions to serve, newest first: the policy applied to the manifest's AVAILABLE versions. [] for no manifest. */
export function servedVersions(manifest: Manifest | null): bigint[] {
  if (!manifest) return [];
  const available = [...manifest.versions].filter(([, e]) => e.state === 'AVAILABLE').map(([v]) => v);
  return selectVersions(manifest.policy, available);
}

/** The served version a request names (resolveServableRequest over the manifest's labels and served versions). */
export function resolveVersion(spec: ModelSpec, manifest: Manifest | null, served: readonly bigint[]): bigint {
  return resolveServableRequest(spec, manifest?.labels, served);
}

/** Identifies a published version's content: its files' paths and sha256s (a republished version gets a new one). */
export function filesFingerprint(entry: ManifestVersion): string {
  return entry.files.map((f) => `${f.path}:${f.sha256}`).join('\n');
}

/**
 * GetModelStatus from the manifest, newest first: served versions are AVAILABLE (loaded, or loaded on
 * the next request) unless their last load failed (END with that error); FAILED versions are END with
 * MANIFEST_FAILED_CODE; AVAILABLE versions the policy no longer serves are END, OK. Like TF Serving:
 * NOT_FOUND `Could not find any versions of model m` / `Could not find version 3 of model m`.
 */
export function manifestStatuses(
  spec: ModelSpec,
  manifest: Manifest | null,
  lastFailure: (version: bigint, entry: ManifestVersion) => LoadFailure | undefined,
): VersionStatus[] {
  const served = new Set(servedVersions(manifest));
  const versions = manifest ? [...manifest.versions.keys()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)) : [];
  const statuses = versions.map((version): VersionStatus => {
    const entry = manifest!.versions.get(version)!;
    if (entry.state === 'FAILED') return { version, state: 'END', errorCode: MANIFEST_FAILED_CODE, errorMessage: entry.error ?? 'validation failed' };
    if (!served.has(version)) return { version, state: 'END', errorCode: 'OK', errorMessage: '' };
    const failure = lastFailure(version, entry);
    if (failure) return { version, state: 'END', errorCode: failure.code, errorMessage: failure.message };
    return { version, state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' };
  });
  return selectStatuses(spec, statuses);
}
