// A small graph that drives every path of the dtype pass (graph/dtype-pass.ts) through tfjs's executor:
// element movers on wide values (ConcatV2, Reshape, GatherV2, SelectV2 run on positions), Narrow for int64
// indices (GatherV2, OneHot), our kernels (Sum, AddV2, Greater, FloorMod, Cast, Mul) and int32-carried
// results (Shape, ArgMax). Inputs: ids int64 [2], x float64 [2].
import type { SavedModel } from '../../../lib/savedmodel/index.ts';
import { constNode, placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

export const P53 = 2n ** 53n + 1n;
export const MIN = -(2n ** 63n);

const t = (dtype: string) => ({ T: `type: ${dtype}` });
export const NODES: TinyNode[] = [
  placeholder('ids', 'DT_INT64'),
  placeholder('x', 'DT_DOUBLE'),
  constNode('big', 'DT_INT64', [P53, MIN]),
  constNode('k', 'DT_INT64', [2n ** 40n], []),
  constNode('zero', 'DT_INT64', [0], []),
  constNode('three', 'DT_INT64', [3], []),
  constNode('axis0', 'DT_INT32', [0], []),
  constNode('axis1', 'DT_INT32', [1]),
  constNode('shape', 'DT_INT64', [2, -1]),
  constNode('idx', 'DT_INT64', [1, 0]),
  constNode('depth', 'DT_INT32', [3], []),
  constNode('on', 'DT_FLOAT', [1], []),
  constNode('off', 'DT_FLOAT', [0], []),
  { name: 'cat', op: 'ConcatV2', input: ['ids', 'big', 'axis0'], attr: { ...t('DT_INT64'), N: 'i: 2', Tidx: 'type: DT_INT32' } },
  { name: 'rs', op: 'Reshape', input: ['cat', 'shape'], attr: { ...t('DT_INT64'), Tshape: 'type: DT_INT64' } },
  { name: 'sum', op: 'Sum', input: ['rs', 'axis1'], attr: { ...t('DT_INT64'), Tidx: 'type: DT_INT32' } },
  { name: 'add', op: 'AddV2', input: ['sum', 'k'], attr: t('DT_INT64') },
  { name: 'g', op: 'GatherV2', input: ['add', 'idx', 'axis0'], attr: { Tparams: 'type: DT_INT64', Tindices: 'type: DT_INT64', Taxis: 'type: DT_INT32' } },
  { name: 'gt', op: 'Greater', input: ['g', 'zero'], attr: t('DT_INT64') },
  { name: 'sel', op: 'SelectV2', input: ['gt', 'g', 'big'], attr: t('DT_INT64') },
  { name: 'shp', op: 'Shape', input: ['sel'], attr: { ...t('DT_INT64'), out_type: 'type: DT_INT64' } },
  { name: 'mod', op: 'FloorMod', input: ['ids', 'three'], attr: t('DT_INT64') },
  { name: 'oh', op: 'OneHot', input: ['mod', 'depth', 'on', 'off'], attr: { ...t('DT_FLOAT'), TI: 'type: DT_INT64' } },
  { name: 'idsd', op: 'Cast', input: ['ids'], attr: { SrcT: 'type: DT_INT64', DstT: 'type: DT_DOUBLE' } },
  { name: 'xd', op: 'Mul', input: ['x', 'idsd'], attr: t('DT_DOUBLE') },
  { name: 'xf', op: 'Cast', input: ['xd'], attr: { SrcT: 'type: DT_DOUBLE', DstT: 'type: DT_FLOAT' } },
  { name: 'am', op: 'ArgMax', input: ['x', 'axis0'], attr: { ...t('DT_DOUBLE'), Tidx: 'type: DT_INT32', output_type: 'type: DT_INT64' } },
];
export const OUTPUTS = {
  sel: ['sel:0', 'DT_INT64'], shp: ['shp:0', 'DT_INT64'], oh: ['oh:0', 'DT_FLOAT'], xd: ['xd:0', 'DT_DOUBLE'], xf: ['xf:0', 'DT_FLOAT'], am: ['am:0', 'DT_INT64'], rs: ['rs:0', 'DT_INT64'],
} as Record<string, [string, string]>;

/** The graph as a SavedModel with one serving_default signature. */
export function int64TinyModel(): SavedModel {
  return tinyModel(NODES, { ids: ['ids:0', 'DT_INT64'], x: ['x:0', 'DT_DOUBLE'] }, OUTPUTS);
}

/** y = GatherV2([2^53+1, -2^63], ids) with int64 ids: the ids reach tfjs's GatherV2 through Narrow. */
export function indexModel(): SavedModel {
  const nodes: TinyNode[] = [
    placeholder('ids', 'DT_INT64'),
    constNode('big', 'DT_INT64', [P53, MIN]),
    constNode('axis0', 'DT_INT32', [0], []),
    { name: 'y', op: 'GatherV2', input: ['big', 'ids', 'axis0'], attr: { Tparams: 'type: DT_INT64', Tindices: 'type: DT_INT64', Taxis: 'type: DT_INT32' } },
  ];
  return tinyModel(nodes, { ids: ['ids:0', 'DT_INT64'] }, { y: ['y:0', 'DT_INT64'] });
}

/** y = OneHot(ids, depth 3) with int64 ids: an id outside int32 must give an all-off row, as in TF. */
export function oneHotModel(): SavedModel {
  const nodes: TinyNode[] = [
    placeholder('ids', 'DT_INT64'),
    constNode('depth', 'DT_INT32', [3], []),
    constNode('on', 'DT_FLOAT', [1], []),
    constNode('off', 'DT_FLOAT', [0], []),
    { name: 'y', op: 'OneHot', input: ['ids', 'depth', 'on', 'off'], attr: { T: 'type: DT_FLOAT', TI: 'type: DT_INT64' } },
  ];
  return tinyModel(nodes, { ids: ['ids:0', 'DT_INT64'] }, { y: ['y:0', 'DT_FLOAT'] });
}
