// Element movers that TensorFlow.js refuses on string tensors ("must be numeric tensor": Transpose,
// Reverse, ReverseV2, BroadcastTo, Split, SplitV, MirrorPad) run on int32 positions instead, the way the dtype pass
// moves 64-bit values (dtype-pass.ts): Iota(x) → the op on positions → TfsStringTake(x, positions…).
// tfjs's own kernels thereby define every shape rule; the strings are picked in JavaScript.
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import { IOTA_OP } from '../ops/int64-plumbing.ts';
import { wideOpName } from '../ops/int64.ts';
import { STRING_TAKE_OP } from '../ops/string-tensors.ts';
import { DtypeTable } from './dtype-infer.ts';
import { isControl } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';

const DT_INT32 = 3;
const DT_STRING = 7;
/** The op's data input position (among its data inputs). */
const STRING_UNSAFE_MOVES: Record<string, number> = { Transpose: 0, ReverseV2: 0, Reverse: 0, BroadcastTo: 0, SplitV: 0, Split: 1, MirrorPad: 0 };

const ref = (node: string, k: number) => (k === 0 ? node : `${node}:${k}`);

/** Rewrites, in place, every string-unsafe mover whose data is a string tensor (see the file comment). */
export function routeStringMoves(nodes: NodeDefMessage[], reg: OpDefs): void {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const types = new DtypeTable(byName, reg);
  const added: NodeDefMessage[] = [];
  for (const node of nodes) {
    const p = STRING_UNSAFE_MOVES[node.op];
    const data = p === undefined ? undefined : (node.input ?? []).filter((i) => !isControl(i))[p];
    if (data === undefined || types.ofRef(data) !== DT_STRING) continue;
    const split = node.attr?.num_split?.i;
    const outputs = split !== undefined && split !== null ? Number(split) : types.outputs(node.name).length || 1;
    const iota: NodeDefMessage = { name: `${node.name}/__tfs_str_iota`, op: wideOpName(IOTA_OP), input: [data], attr: { T: { type: DT_INT32 } } };
    const inner: NodeDefMessage = { ...node, name: `${node.name}/__tfs_str_index`, input: [...node.input!], attr: { ...node.attr, T: { type: DT_INT32 } } };
    inner.input![p] = iota.name;
    const positions = Array.from({ length: outputs }, (_, k) => ref(inner.name, k));
    const controls = node.input!.filter(isControl);
    Object.assign(node, { op: STRING_TAKE_OP, input: [data, ...positions, ...controls], attr: { T: { type: DT_STRING } } });
    added.push(iota, inner);
  }
  nodes.push(...added);
}
