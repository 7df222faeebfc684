// Rollback: move a label back to the previous AVAILABLE version, or, for a model served by its version
// policy alone (no label), withdraw the newest AVAILABLE version so the policy serves the one before.
// A withdrawn version is recorded as FAILED with error "rolled back by tf-serverless rollback at <time>":
// never served, and a duplicate event for the same files stays UNCHANGED; a re-push with different
// files is validated again.
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import { checkLabel, checkModelName, readManifest, updateManifest, type Manifest, type ModelStore } from '../registry/index.ts';
import { highestAvailable } from './publish.ts';

export interface RollbackOptions {
  /** The label to move back. Default: 'stable' when the manifest has it, else the version is withdrawn. */
  label?: string;
}

export type RollbackResult =
  | { model: string; kind: 'label'; label: string; from: bigint; to: bigint }
  /** `from` was withdrawn (FAILED); `to` is now the newest AVAILABLE version. `movedLabels` pointed at `from`. */
  | { model: string; kind: 'version'; from: bigint; to: bigint; movedLabels: string[] };

export const ROLLBACK_ERROR_PREFIX = 'rolled back by tf-serverless rollback at ';

/**
 * @example
 * await rollback(store, 'digits', { label: 'stable' }) // { kind: 'label', label: 'stable', from: 3n, to: 2n, … }
 * await rollback(store, 'digits')                      // no labels: { kind: 'version', from: 3n, to: 2n, … }
 */
export async function rollback(store: ModelStore, model: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  checkOptionKeys(options, ['label'], 'rollback');
  checkModelName(model);
  if (options.label !== undefined) checkLabel(options.label);
  // The target is chosen from one read and the write is conditioned on it, so a retried write (updateManifest
  // may re-run its mutate) never rolls back one step further than asked.
  const current = await readManifest(store, model);
  if (!current) throw new ServingError('FAILED_PRECONDITION', `Model ${model} has no manifest: nothing was published, nothing to roll back`);
  const label = options.label ?? (current.labels.has('stable') ? 'stable' : undefined);
  return label === undefined ? withdrawNewest(store, current) : moveLabelBack(store, current, label);
}

async function moveLabelBack(store: ModelStore, current: Manifest, label: string): Promise<RollbackResult> {
  const from = current.labels.get(label);
  if (from === undefined) throw new ServingError('FAILED_PRECONDITION', `Model ${current.model} has no label "${label}" to roll back`);
  const to = highestAvailable(current, from);
  if (to === undefined) throw new ServingError('FAILED_PRECONDITION', `Model ${current.model} has no AVAILABLE version below ${from} to move label "${label}" back to`);
  await updateManifest(store, current.model, (m) => {
    const now = m.labels.get(label);
    if (now === to && m.versions.get(to)?.state === 'AVAILABLE') return undefined;
    if (now !== from || m.versions.get(to)?.state !== 'AVAILABLE') throw changedConcurrently(current.model);
    m.labels.set(label, to);
    return m;
  });
  return { model: current.model, kind: 'label', label, from, to };
}

async function withdrawNewest(store: ModelStore, current: Manifest): Promise<RollbackResult> {
  const from = highestAvailable(current);
  const to = from === undefined ? undefined : highestAvailable(current, from);
  if (from === undefined || to === undefined) {
    throw new ServingError('FAILED_PRECONDITION', `Model ${current.model} has ${from === undefined ? 'no' : 'only one'} AVAILABLE version: nothing earlier to roll back to`);
  }
  const error = `${ROLLBACK_ERROR_PREFIX}${new Date().toISOString()}`;
  let movedLabels: string[] = [];
  await updateManifest(store, current.model, (m) => {
    const entry = m.versions.get(from);
    if (entry?.state === 'FAILED' && entry.error?.startsWith(ROLLBACK_ERROR_PREFIX)) return undefined; // our write landed already
    if (entry?.state !== 'AVAILABLE' || highestAvailable(m) !== from || m.versions.get(to)?.state !== 'AVAILABLE') throw changedConcurrently(current.model);
    m.versions.set(from, { ...entry, state: 'FAILED', error });
    movedLabels = [...m.labels].filter(([, v]) => v === from).map(([l]) => l).sort();
    for (const l of movedLabels) m.labels.set(l, to);
    return m;
  });
  return { model: current.model, kind: 'version', from, to, movedLabels };
}

function changedConcurrently(model: string): ServingError {
  return new ServingError('ABORTED', `The manifest of model ${model} changed while rolling back; look at it again and retry`);
}
