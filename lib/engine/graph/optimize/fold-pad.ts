// Zero padding before a convolution becomes the convolution's own explicit padding: Pad / PadV2 (constant +0)
// of the spatial dims feeding Conv2D or DepthwiseConv2dNative (NHWC, padding VALID or EXPLICIT) is dropped and
// its amounts are added to the conv's `explicit_paddings` (padding "EXPLICIT", nn_ops.cc; TensorFlow's own
// Conv2D kernel pads the input the same way, so the numbers do not change). Keras's ZeroPadding2D before a
// VALID convolution (MobileNetV2's stride-2 blocks) is this pattern: one kernel and one padded copy fewer per call.
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import { isControl, parseGraphRef } from '../node-refs.ts';
import { DT_FLOAT, type OptimizableGraph, stringAttr, typeAttr } from './optimizable-graph.ts';

const CONVS = new Set(['Conv2D', 'DepthwiseConv2dNative']);
/** Pad ops by name, also as routed to the project's exact kernels (ops/exact-arith.ts prefixes them `TfsExact>`). */
const PADS = new Map([['Pad', 'Pad'], ['PadV2', 'PadV2'], ['TfsExact>Pad', 'Pad'], ['TfsExact>PadV2', 'PadV2']]);

/** The [4, 2] paddings of `pad` as 8 numbers, when they pad only height and width. */
function spatialPads(g: OptimizableGraph, pad: NodeDefMessage): number[] | undefined {
  const p = g.constInput(pad, 1);
  if (!p || (p.dtype !== 'DT_INT32' && p.dtype !== 'DT_INT64') || p.shape.join() !== '4,2') return undefined;
  const v = Array.from(p.data as ArrayLike<number | bigint>, Number);
  return v[0] === 0 && v[1] === 0 && v[6] === 0 && v[7] === 0 && v.every((x) => x >= 0) ? v : undefined;
}

/** True when PadV2's constant is +0 (-0 or any other value would change the sums at the border). */
function padsWithZero(g: OptimizableGraph, pad: NodeDefMessage): boolean {
  if (PADS.get(pad.op) === 'Pad') return true;
  const c = g.constInput(pad, 2);
  return c?.dtype === 'DT_FLOAT' && c.data.length === 1 && Object.is(c.data[0], 0);
}

function foldOne(g: OptimizableGraph, conv: NodeDefMessage): boolean {
  if (!CONVS.has(conv.op) || typeAttr(conv) !== DT_FLOAT || (stringAttr(conv, 'data_format') ?? 'NHWC') !== 'NHWC') return false;
  const padding = stringAttr(conv, 'padding');
  if (padding !== 'VALID' && padding !== 'EXPLICIT') return false;
  const ref = conv.input?.[0];
  if (ref === undefined || isControl(ref) || parseGraphRef(ref).index !== 0) return false;
  const pad = g.byName.get(parseGraphRef(ref).node);
  if (!pad || !PADS.has(pad.op)) return false;
  if (typeAttr(pad) !== DT_FLOAT || g.protect.has(pad.name) || g.hasControlInputs(pad) || g.usesOf(pad.name).length !== 1) return false;
  const add = spatialPads(g, pad);
  if (!add || !padsWithZero(g, pad)) return false;
  const had = padding === 'EXPLICIT' ? (conv.attr?.explicit_paddings?.list?.i ?? []).map(Number) : [0, 0, 0, 0, 0, 0, 0, 0];
  if (had.length !== 8) return false;
  conv.attr = { ...conv.attr, padding: { s: new TextEncoder().encode('EXPLICIT') }, explicit_paddings: { list: { i: had.map((x, i) => x + add[i]) } } };
  conv.input![0] = pad.input![0];
  return true;
}

/** Folds every zero Pad it can into the convolution reading it; returns how many (removeDead drops the Pads). */
export function foldPadIntoConv(g: OptimizableGraph): number {
  let folded = 0;
  for (const n of g.nodes) if (foldOne(g, n)) folded++;
  if (folded) g.reindex();
  return folded;
}
