// Will every op of a converted signature find its TensorFlow.js kernels on a backend? tfjs registers kernels
// per backend (tfjs-core `getKernel(name, backend)`); tfjs-converter accepts an op whatever the backend, so
// without this check `Einsum` or `StaticRegexReplace` load on wasm and then fail every request
// ("Kernel 'Einsum' not registered for backend 'wasm'"). The op → kernels table is scanned from the
// installed packages (op-kernels.ts, scripts/op-kernels/); the project's own ops run on every backend.
import * as tf from '@tensorflow/tfjs-core';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { CUSTOM_OP_KERNELS, customOpNames } from '../ops/index.ts';
import { OP_KERNELS } from './op-kernels.ts';

/** One op a backend cannot run. */
export interface MissingOp {
  op: string;
  /** Node name; inside a While/If body function, `function/node`. */
  node: string;
  /** Why: no TensorFlow.js mapper and no project op, or the kernel the backend lacks. */
  reason: string;
}

let custom: Set<string> | undefined;

/** Every node of the graph and of the library functions it keeps, with the name a user can find. */
function allNodes(nodes: readonly NodeDefMessage[], functions: readonly FunctionDefMessage[]): { op: string; node: string }[] {
  return [
    ...nodes.map((n) => ({ op: n.op, node: n.name })),
    ...functions.flatMap((f) => (f.node_def ?? []).map((n) => ({ op: n.op, node: `${f.signature.name}/${n.name}` }))),
  ];
}

/** How a backend serves one op: 'project' (our op), 'tfjs' (every kernel registered), or the reason it cannot. */
export function opSupport(op: string, backend: string): { ok: true; by: 'project' | 'tfjs' } | { ok: false; reason: string } {
  custom ??= new Set(customOpNames());
  const kernels = custom.has(op) ? CUSTOM_OP_KERNELS[op] : OP_KERNELS[op];
  if (custom.has(op) && !kernels) return { ok: true, by: 'project' };
  if (!kernels) return { ok: false, reason: 'no TensorFlow.js mapper and no project op' };
  const lacking = kernels.find((k) => !tf.getKernel(k, backend));
  if (lacking) return { ok: false, reason: `TensorFlow.js kernel '${lacking}' is not registered for backend '${backend}'` };
  return { ok: true, by: custom.has(op) ? 'project' : 'tfjs' };
}

/** The ops (one entry per node) of a converted graph that `backend` cannot run. */
export function missingOps(nodes: readonly NodeDefMessage[], functions: readonly FunctionDefMessage[], backend: string): MissingOp[] {
  const out: MissingOp[] = [];
  for (const { op, node } of allNodes(nodes, functions)) {
    const s = opSupport(op, backend);
    if (!s.ok) out.push({ op, node, reason: s.reason });
  }
  return out;
}

/** The first node whose op dispatches to `kernel` (to name the node when a run reports the kernel missing). */
export function nodeUsingKernel(nodes: readonly NodeDefMessage[], functions: readonly FunctionDefMessage[], kernel: string): { op: string; node: string } | undefined {
  return allNodes(nodes, functions).find(({ op }) => OP_KERNELS[op]?.includes(kernel) || op === kernel);
}

/** "op 'Einsum' (node 'm/einsum') is not supported by …: reason", the form used in errors and `show --check`. */
export function describeMissing(m: MissingOp): string {
  return `op '${m.op}' (node '${m.node}') is not supported by the portable engine: ${m.reason}`;
}
