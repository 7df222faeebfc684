// Whether one request can join a batch, checked before it is queued so that a request that does not fit never
// fails the others: every input present, of the signature's dtype, rank ≥ 1 with the same dim 0 (the request's
// rows), and the dims the signature declares; every input and requested output batched along dim 0 (declared
// dim 0 unknown, or rank unknown). The layout key keeps requests with other non-batch dims in other queues.
import type { SignatureInfo, TensorSpec } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';

export interface BatchLayout {
  /** The request's rows: dim 0 of every input. */
  rows: number;
  /** Requests with the same key can be merged: outputs asked, and per input its dtype and non-batch dims (rank only when padding). */
  key: string;
}

/** A spec batched along dim 0: unknown rank, or rank ≥ 1 with dim 0 unknown. */
const batchedSpec = (spec: TensorSpec) => spec.shape === null || (spec.shape.length >= 1 && spec.shape[0] === -1);

/** The declared dims agree with the tensor's (rank, and every known non-batch dim). */
function fitsSpec(spec: TensorSpec, t: HostTensor): boolean {
  if (t.dtype !== spec.dtype.replace(/_REF$/, '')) return false;
  if (spec.shape === null) return true;
  return spec.shape.length === t.shape.length && spec.shape.every((d, i) => i === 0 || d === -1 || d === t.shape[i]);
}

/**
 * The request's batch layout, or undefined when it must run alone (TF Serving would fail some of these with
 * "Batching Run() input tensors must have equal 0th-dimension size"; alone they get their unbatched answer).
 * @example batchLayout(signature, new Map([['x', { dtype: 'DT_FLOAT', shape: [2, 3], data }]]), undefined, false)  // { rows: 2, key: '*|x:DT_FLOAT:3' }
 */
export function batchLayout(
  signature: SignatureInfo, inputs: Map<string, HostTensor>, outputs: readonly string[] | undefined, padVariableLength: boolean,
): BatchLayout | undefined {
  const aliases = Object.keys(signature.inputs).sort();
  if (aliases.length === 0 || inputs.size !== aliases.length) return undefined;
  const wanted = outputs ?? Object.keys(signature.outputs);
  if (!wanted.every((o) => Object.prototype.hasOwnProperty.call(signature.outputs, o) && batchedSpec(signature.outputs[o]))) return undefined;
  let rows = -1;
  const parts: string[] = [];
  for (const alias of aliases) {
    const spec = signature.inputs[alias];
    const t = inputs.get(alias);
    if (!t || !batchedSpec(spec) || !fitsSpec(spec, t) || t.shape.length === 0) return undefined;
    if (rows === -1) rows = t.shape[0];
    else if (t.shape[0] !== rows) return undefined;
    parts.push(`${alias}:${t.dtype}:${padVariableLength ? `rank${t.shape.length}` : t.shape.slice(1).join('x')}`);
  }
  if (rows < 1) return undefined;
  return { rows, key: `${outputs ? outputs.join(',') : '*'}|${parts.join('|')}` };
}
