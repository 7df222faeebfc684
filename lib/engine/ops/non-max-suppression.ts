// NonMaxSuppressionV2/V3/V4/V5 with TensorFlow's exact semantics (tensorflow/core/kernels/image/
// non_max_suppression_op.cc, DoNonMaxSuppressionOp), checked against TF 2.21 by the `detection` zoo
// (scripts/zoo/gen_detection.py). TensorFlow.js's own kernels differ: they suppress at IoU >= threshold where
// TF suppresses only above it, compute in float64 where TF computes in float32, and apply the hard threshold
// in soft-NMS mode too. Here every step is float32 (Math.fround), as TF's float kernel:
//   - candidates: score > score_threshold, best first, ties by lower box index;
//   - a box's corners are normalised (y1 > y2 allowed); a box with area <= 0 has IoU 0 with every box;
//   - hard NMS (sigma 0): a candidate is dropped when IoU with a selected box is > iou_threshold;
//   - soft NMS (sigma > 0): its score is multiplied by exp(-0.5 / sigma * iou^2) for each selected box it was
//     not yet compared with; it is selected if unchanged, re-queued if still above score_threshold.
// V4 / V5 with pad_to_max_output_size pad indices (and scores) with zeros to max_output_size.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { boolAttr } from './raw-attrs.ts';

const f = Math.fround;

/** IoU of boxes i and j of a [n, 4] float32 array, in float32 as TF's IOU(). */
export function iouF32(boxes: Float32Array, i: number, j: number): number {
  const a = i * 4;
  const b = j * 4;
  const yminI = Math.min(boxes[a], boxes[a + 2]);
  const xminI = Math.min(boxes[a + 1], boxes[a + 3]);
  const ymaxI = Math.max(boxes[a], boxes[a + 2]);
  const xmaxI = Math.max(boxes[a + 1], boxes[a + 3]);
  const yminJ = Math.min(boxes[b], boxes[b + 2]);
  const xminJ = Math.min(boxes[b + 1], boxes[b + 3]);
  const ymaxJ = Math.max(boxes[b], boxes[b + 2]);
  const xmaxJ = Math.max(boxes[b + 1], boxes[b + 3]);
  const areaI = f(f(ymaxI - yminI) * f(xmaxI - xminI));
  const areaJ = f(f(ymaxJ - yminJ) * f(xmaxJ - xminJ));
  if (areaI <= 0 || areaJ <= 0) return 0;
  const ih = Math.max(f(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ)), 0);
  const iw = Math.max(f(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ)), 0);
  const inter = f(ih * iw);
  return f(inter / f(f(areaI + areaJ) - inter));
}

interface Candidate {
  index: number;
  score: number;
  /** selected boxes before this position were already compared with this candidate (soft NMS) */
  compared: number;
}

/** Queue order: a before b when a is better (higher score, then lower index). */
const better = (a: Candidate, b: Candidate) => a.score > b.score || (a.score === b.score && a.index < b.index);

/** Inserts into a queue sorted worst first (so the best pops from the end). */
function enqueue(queue: Candidate[], c: Candidate): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (better(c, queue[mid])) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, c);
}

export interface NmsResult {
  indices: number[];
  scores: number[];
}

/** TF's DoNonMaxSuppressionOp on float32 boxes [n, 4] and scores [n]. */
export function nonMaxSuppression(boxes: Float32Array, scores: Float32Array, maxOutput: number, iouThreshold: number, scoreThreshold: number, sigma = 0): NmsResult {
  const softNms = sigma > 0;
  const scale = softNms ? f(-0.5 / sigma) : 0;
  const queue: Candidate[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] > scoreThreshold) queue.push({ index: i, score: scores[i], compared: 0 });
  queue.sort((a, b) => (better(a, b) ? 1 : better(b, a) ? -1 : 0));
  const indices: number[] = [];
  const kept: number[] = [];
  while (indices.length < maxOutput && queue.length > 0) {
    const c = queue.pop()!;
    const original = c.score;
    let hardSuppressed = false;
    for (let j = indices.length - 1; j >= c.compared; j--) {
      const iou = iouF32(boxes, c.index, indices[j]);
      const weight = softNms || iou <= iouThreshold ? f(Math.exp(f(f(scale * iou) * iou))) : 0;
      c.score = f(c.score * weight);
      if (!softNms && iou > iouThreshold) {
        hardSuppressed = true;
        break;
      }
      if (c.score <= scoreThreshold) break;
    }
    c.compared = indices.length;
    if (hardSuppressed) continue;
    if (c.score === original) {
      indices.push(c.index);
      kept.push(c.score);
    } else if (c.score > scoreThreshold) {
      enqueue(queue, c);
    }
  }
  return { indices, scores: kept };
}

function scalarOf(t: tf.Tensor, what: string, op: string): number {
  if (t.rank !== 0) throw new ServingError('INVALID_ARGUMENT', `${op}: ${what} must be 0-D, got shape [${t.shape.join(',')}]`);
  return t.dataSync()[0];
}

/** Inputs common to every version, validated with TF's messages. */
function readInputs(node: GraphNode, op: string, withScoreThreshold: boolean) {
  const [boxesT, scoresT, maxT, iouT, scoreT] = node.inputs;
  if (boxesT.rank !== 2) throw new ServingError('INVALID_ARGUMENT', `boxes must be 2-D[${boxesT.shape.join(',')}]`);
  if (boxesT.shape[1] !== 4) throw new ServingError('INVALID_ARGUMENT', `boxes must have 4 columns[${boxesT.shape.join(',')}]`);
  const n = boxesT.shape[0];
  if (scoresT.rank !== 1 || scoresT.shape[0] !== n) {
    throw new ServingError('INVALID_ARGUMENT', `scores has incompatible shape (Dimensions must be equal, but are ${scoresT.shape[0] ?? '?'} and ${n})`);
  }
  const maxOutput = scalarOf(maxT, 'max_output_size', op);
  if (maxOutput < 0) throw new ServingError('INVALID_ARGUMENT', 'output size must be non-negative');
  const iou = f(scalarOf(iouT, 'iou_threshold', op));
  if (!(iou >= 0 && iou <= 1)) throw new ServingError('INVALID_ARGUMENT', 'iou_threshold must be in [0, 1]');
  // V2 has no score_threshold: TF uses the lowest float, so every finite score is a candidate.
  const scoreThreshold = withScoreThreshold ? f(scalarOf(scoreT, 'score_threshold', op)) : -3.4028234663852886e38;
  const boxes = Float32Array.from(boxesT.dataSync());
  const scores = Float32Array.from(scoresT.dataSync());
  return { boxes, scores, maxOutput, iou, scoreThreshold };
}

function padded(values: number[], length: number): number[] {
  return values.length >= length ? values : [...values, ...new Array<number>(length - values.length).fill(0)];
}

function v2v3(op: string, withScoreThreshold: boolean) {
  return (node: GraphNode): tf.Tensor => {
    const x = readInputs(node, op, withScoreThreshold);
    const r = nonMaxSuppression(x.boxes, x.scores, x.maxOutput, x.iou, x.scoreThreshold);
    return tf.tensor1d(r.indices, 'int32');
  };
}

function v4(node: GraphNode): tf.Tensor[] {
  const x = readInputs(node, 'NonMaxSuppressionV4', true);
  const r = nonMaxSuppression(x.boxes, x.scores, x.maxOutput, x.iou, x.scoreThreshold);
  const pad = boolAttr(node, 'pad_to_max_output_size', false);
  return [tf.tensor1d(pad ? padded(r.indices, x.maxOutput) : r.indices, 'int32'), tf.scalar(r.indices.length, 'int32')];
}

function v5(node: GraphNode): tf.Tensor[] {
  const x = readInputs(node, 'NonMaxSuppressionV5', true);
  const sigma = f(scalarOf(node.inputs[5], 'soft_nms_sigma', 'NonMaxSuppressionV5'));
  if (!(sigma >= 0)) throw new ServingError('INVALID_ARGUMENT', 'soft_nms_sigma_val must be >= 0');
  const r = nonMaxSuppression(x.boxes, x.scores, x.maxOutput, x.iou, x.scoreThreshold, sigma);
  const pad = boolAttr(node, 'pad_to_max_output_size', false);
  const n = pad ? Math.max(x.maxOutput, r.indices.length) : r.indices.length;
  return [tf.tensor1d(padded(r.indices, n), 'int32'), tf.tensor1d(padded(r.scores, n), 'float32'), tf.scalar(r.indices.length, 'int32')];
}

export const NON_MAX_SUPPRESSION_OPS: OpTable = {
  NonMaxSuppressionV2: v2v3('NonMaxSuppressionV2', false),
  NonMaxSuppressionV3: v2v3('NonMaxSuppressionV3', true),
  NonMaxSuppressionV4: v4,
  NonMaxSuppressionV5: v5,
};
