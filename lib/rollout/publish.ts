// The manifest changes of a rollout, as pure functions over a private manifest copy (updateManifest's
// `mutate` may run several times, so nothing here reads the clock or does I/O).
import { describePolicy, type Manifest, type ManifestFile, type ManifestVersion, type VersionPolicy } from '../registry/index.ts';
import { sameFiles } from './commit-marker.ts';
import type { AutoLabelRule } from './rollout-config.ts';

export interface PublishChange {
  /** Anything changed: write the manifest. */
  changed: boolean;
  /** The version's entry was added or replaced (false: an identical one was already there). */
  wroteVersion: boolean;
}

/**
 * The one UNCHANGED test: the manifest already records the version from `dirName` with these files (and, when
 * given, in `state`). applyPublish decides with it inside the conditional manifest update (race-safe); rollout's
 * earlier checks ask it of the manifest they read only to skip work that would end the same way.
 */
export function isRecorded(current: ManifestVersion | undefined, dirName: string, files: readonly ManifestFile[], state?: ManifestVersion['state']): boolean {
  return current !== undefined && current.dirName === dirName && (state === undefined || current.state === state) && sameFiles(current.files, files);
}

/**
 * Records `entry` for `version` unless an entry with the same directory, state and files is there
 * (then publishedAt/validatedBy of the first writer stay), re-points automatic labels and sets the policy.
 * Automatic labels are recomputed on every publish, FAILED ones included, so a 'latest' label never
 * stays on a version that a re-validation just failed.
 */
export function applyPublish(
  m: Manifest, version: bigint, entry: ManifestVersion, autoLabels: Record<string, AutoLabelRule> = {}, policy?: VersionPolicy,
): PublishChange {
  let changed = false;
  let wroteVersion = false;
  const current = m.versions.get(version);
  if (!isRecorded(current, entry.dirName, entry.files, entry.state)) {
    m.versions.set(version, entry);
    changed = wroteVersion = true;
  }
  for (const label of Object.keys(autoLabels).sort()) {
    const target = highestAvailable(m);
    if (target !== undefined && m.labels.get(label) !== target) {
      m.labels.set(label, target);
      changed = true;
    }
  }
  if (policy && describePolicy(policy) !== describePolicy(m.policy)) {
    m.policy = policy.kind === 'specific' ? { kind: 'specific', versions: [...policy.versions] } : { ...policy };
    changed = true;
  }
  return { changed, wroteVersion };
}

/** The greatest AVAILABLE version, optionally only among those below `below`; undefined when there is none. */
export function highestAvailable(m: Manifest, below?: bigint): bigint | undefined {
  let best: bigint | undefined;
  for (const [v, e] of m.versions) {
    if (e.state !== 'AVAILABLE' || (below !== undefined && v >= below)) continue;
    if (best === undefined || v > best) best = v;
  }
  return best;
}
