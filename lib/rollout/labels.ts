// Version labels (`stable`, `canary`, …) in the model's manifest, moved by explicit command. A label
// may point only at an AVAILABLE version, as TF Serving's ServerCore requires for its version_labels.
import { ServingError } from '../errors/index.ts';
import { checkLabel, checkModelName, checkVersion, updateManifest, type Manifest, type ModelStore } from '../registry/index.ts';

export interface LabelChange {
  model: string;
  label: string;
  version: bigint;
  /** Where the label pointed before; undefined when it was new. */
  previous?: bigint;
}

/**
 * Points `label` at `version` (conditional manifest write). FAILED_PRECONDITION when the version is
 * not AVAILABLE in the manifest (never published, FAILED or rolled back); a no-op when already there.
 * @example await setLabel(store, 'digits', 'stable', 3n) // { model: 'digits', label: 'stable', version: 3n, previous: 2n }
 */
export async function setLabel(store: ModelStore, model: string, label: string, version: bigint | number | string): Promise<LabelChange> {
  checkModelName(model);
  checkLabel(label);
  const v = checkVersion(version);
  let previous: bigint | undefined;
  await updateManifest(store, model, (m) => {
    requireAvailable(m, v, label);
    previous = m.labels.get(label);
    if (previous === v) return undefined;
    m.labels.set(label, v);
    return m;
  });
  return { model, label, version: v, ...(previous !== undefined ? { previous } : {}) };
}

/** Throws TF Serving's FAILED_PRECONDITION text (server_core.cc) plus why, unless `version` is AVAILABLE. */
export function requireAvailable(m: Manifest, version: bigint, label: string): void {
  const entry = m.versions.get(version);
  if (entry?.state === 'AVAILABLE') return;
  const why = entry
    ? `version ${version} is FAILED${entry.error ? `: ${entry.error}` : ''}`
    : `version ${version} is not in the manifest of ${m.model} (not published by rollout)`;
  throw new ServingError('FAILED_PRECONDITION',
    `Request to assign label to version ${version} of model ${m.model}, which is not currently available for inference (label "${label}": ${why})`);
}
