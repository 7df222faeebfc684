// RandomUniformInt (random_op.cc): integers uniform in [minval, maxval), both scalar inputs. tfjs-converter
// reads minval / maxval as attrs (they are inputs in TF), so its version answers zeros (op sweep).
// Like every random op of the portable engine, `seed` / `seed2` are not used: TF draws from its Philox stream,
// whose values no other engine reproduces, and which moves on at every request (DESIGN.md "Random ops").
// int64 results travel as int32 (int64-rules.ts INT32_PRODUCERS); a range beyond int32 is refused.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { readWide } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';
import { indexValues } from './string-transform.ts';

function scalar(t: tf.Tensor, dtype: string | undefined, name: string): number {
  if (t.size !== 1) throw new ServingError('INVALID_ARGUMENT', `${name} must be 0-D, got shape [${t.shape.join(',')}]`);
  if (dtype !== 'DT_INT64') return t.dataSync()[0];
  const v = readWide(t)[0];
  if (v > 2147483647n || v < -2147483648n) throw new ServingError('UNIMPLEMENTED', `RandomUniformInt ${name} ${v} is beyond the portable engine's int32 carriage`);
  return Number(v);
}

function randomUniformInt(node: GraphNode): tf.Tensor {
  const [shapeT, minT, maxT] = node.inputs;
  const dtype = typeAttr(node, 'Tout');
  const lo = scalar(minT, dtype, 'minval');
  const hi = scalar(maxT, dtype, 'maxval');
  const shape = indexValues(shapeT);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > 0 && !(lo < hi)) throw new ServingError('INVALID_ARGUMENT', `Need minval < maxval, got ${lo} >= ${hi}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + Math.floor(Math.random() * (hi - lo));
  return tf.tensor(out, shape, 'int32');
}

export const RANDOM_OPS: OpTable = { RandomUniformInt: randomUniformInt };
