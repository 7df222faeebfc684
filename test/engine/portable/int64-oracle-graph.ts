// A graph of int64 / float64 ops over edge values (±2^63, 2^53+1, negative divisors) whose outputs
// TensorFlow itself can return (int64, int32, float, bool): the portable engine's exact kernels must agree
// with it bit for bit (int64-oracle.test.ts runs it on both engines).
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import type { SavedModel } from '../../../lib/savedmodel/index.ts';
import { constNode, placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

const P53 = 2n ** 53n + 1n;
const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
const A = [-7n, 7n, -7n, 7n, MIN, MAX, P53, -P53, 0n, 2n ** 60n + 2n ** 36n + 1n, -(2n ** 62n) - 3n, 1n];
const B = [3n, -3n, -3n, 3n, 10n, -1n, 1000n, 7n, 5n, 3n, -(2n ** 33n) + 1n, 2n ** 40n];

const BINARY = ['AddV2', 'Sub', 'Mul', 'FloorMod', 'FloorDiv', 'TruncateDiv', 'TruncateMod', 'Maximum', 'Minimum', 'SquaredDifference', 'BitwiseAnd', 'BitwiseXor'];
const COMPARE = ['Equal', 'Greater', 'LessEqual'];
const T = (d: string) => ({ T: `type: ${d}` });
const cast = (name: string, input: string, from: string, to: string): TinyNode => ({ name, op: 'Cast', input: [input], attr: { SrcT: `type: ${from}`, DstT: `type: ${to}` } });
const reduce = (name: string, op: string, input: string, extra: Record<string, string> = {}): TinyNode => ({ name, op, input: [input, 'axis'], attr: { ...T('DT_INT64'), Tidx: 'type: DT_INT32', ...extra } });

const NODES: TinyNode[] = [
  placeholder('a', 'DT_INT64'),
  placeholder('b', 'DT_INT64'),
  constNode('axis', 'DT_INT32', [0], []),
  ...[...BINARY, ...COMPARE].map((op): TinyNode => ({ name: op, op, input: ['a', 'b'], attr: T('DT_INT64') })),
  { name: 'Neg', op: 'Neg', input: ['a'], attr: T('DT_INT64') },
  { name: 'Abs', op: 'Abs', input: ['a'], attr: T('DT_INT64') },
  cast('to_f32', 'a', 'DT_INT64', 'DT_FLOAT'),
  cast('to_i32', 'a', 'DT_INT64', 'DT_INT32'),
  cast('a64', 'a', 'DT_INT64', 'DT_DOUBLE'),
  cast('b64', 'b', 'DT_INT64', 'DT_DOUBLE'),
  { name: 'dmod', op: 'FloorMod', input: ['a64', 'b64'], attr: T('DT_DOUBLE') },
  { name: 'ddiv', op: 'RealDiv', input: ['a64', 'b64'], attr: T('DT_DOUBLE') },
  { name: 'dmul', op: 'Mul', input: ['ddiv', 'b64'], attr: T('DT_DOUBLE') },
  { name: 'dfloordiv', op: 'FloorDiv', input: ['a64', 'b64'], attr: T('DT_DOUBLE') },
  { name: 'dsum', op: 'AddV2', input: ['dmod', 'dmul'], attr: T('DT_DOUBLE') },
  { name: 'dgreater', op: 'Greater', input: ['dmod', 'dmul'], attr: T('DT_DOUBLE') },
  cast('dfloordiv_f32', 'dfloordiv', 'DT_DOUBLE', 'DT_FLOAT'),
  cast('dsum_f32', 'dsum', 'DT_DOUBLE', 'DT_FLOAT'),
  reduce('Sum', 'Sum', 'a'),
  reduce('Max', 'Max', 'a'),
  reduce('Prod', 'Prod', 'b'),
  reduce('ArgMax', 'ArgMax', 'a', { output_type: 'type: DT_INT64' }),
];

const OUTPUTS: Record<string, [string, string]> = {};
for (const n of [...BINARY, 'Neg', 'Abs', 'Sum', 'Max', 'Prod', 'ArgMax']) OUTPUTS[n] = [`${n}:0`, 'DT_INT64'];
for (const n of [...COMPARE, 'dgreater']) OUTPUTS[n] = [`${n}:0`, 'DT_BOOL'];
for (const n of ['to_f32', 'dfloordiv_f32', 'dsum_f32']) OUTPUTS[n] = [`${n}:0`, 'DT_FLOAT'];
OUTPUTS.to_i32 = ['to_i32:0', 'DT_INT32'];

/** Output aliases of the oracle graph. */
export const ORACLE_OUTPUTS = Object.keys(OUTPUTS);

export function oracleModel(): SavedModel {
  return tinyModel(NODES, { a: ['a:0', 'DT_INT64'], b: ['b:0', 'DT_INT64'] }, OUTPUTS);
}

export function oracleFeed(): Map<string, HostTensor> {
  return new Map<string, HostTensor>([
    ['a', { dtype: 'DT_INT64', shape: [A.length], data: BigInt64Array.from(A) }],
    ['b', { dtype: 'DT_INT64', shape: [B.length], data: BigInt64Array.from(B) }],
  ]);
}
