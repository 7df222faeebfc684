// Random ops (random_op.cc, multinomial_op.cc). RandomUniformInt: integers uniform in [minval, maxval), both
// scalar inputs; tfjs-converter reads minval / maxval as attrs (they are inputs in TF), so its version answers
// zeros (op sweep). RandomStandardNormal / TruncatedNormal / Multinomial: tfjs's executors seed a fresh generator
// from `seed` at every call, so a seeded node repeated its values on every request.
// `seed` / `seed2` are not used here: TF draws from its Philox stream, whose values no other engine reproduces,
// and which moves on at every request (DESIGN.md "Random ops and seeds"); float64 is refused at load.
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

function floatShape(node: GraphNode): number[] {
  return indexValues(node.inputs[0]);
}

function multinomial(node: GraphNode): tf.Tensor {
  const [logits, samplesT] = node.inputs;
  if (logits.rank !== 2) throw new ServingError('INVALID_ARGUMENT', `logits should be a matrix, got shape [${logits.shape.join(',')}]`);
  const samples = indexValues(samplesT)[0];
  if (!(samples >= 0)) throw new ServingError('INVALID_ARGUMENT', `num_samples should be nonnegative, got ${samples}`);
  const [batch, classes] = logits.shape as [number, number];
  if (classes === 0 && batch > 0 && samples > 0) throw new ServingError('INVALID_ARGUMENT', 'num_classes should be positive, got 0');
  if (samples === 0 || batch === 0) return tf.zeros([batch, samples], 'int32');
  return tf.multinomial(logits as tf.Tensor2D, samples);
}

export const RANDOM_OPS: OpTable = {
  RandomUniformInt: randomUniformInt,
  RandomStandardNormal: (node) => tf.randomNormal(floatShape(node), 0, 1, 'float32'),
  TruncatedNormal: (node) => tf.truncatedNormal(floatShape(node), 0, 1, 'float32'),
  Multinomial: multinomial,
};
