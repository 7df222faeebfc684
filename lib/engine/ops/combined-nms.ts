// CombinedNonMaxSuppression (tf.image.combined_non_max_suppression), which TensorFlow.js lacks, with TF's
// semantics (tensorflow/core/kernels/image/non_max_suppression_op.cc, BatchedNonMaxSuppressionOp):
//   boxes [batch, n, q, 4] (q = 1: shared by all classes, or q = classes), scores [batch, n, classes];
//   per image and class: hard NMS in float32 (IoU > iou_threshold suppresses, score > score_threshold is a
//   candidate) keeping at most min(max_output_size_per_class, n); then per image the kept boxes of every
//   class, best score first, up to max_total_size (pad_per_class: min(max_total_size, per_class × classes)).
//   Outputs keep each box as given (corners not reordered), clipped to [0, 1] with clip_boxes; classes are
//   float class indices; rows past valid_detections are zeros.
// Ties between equal scores: TF ranks a class's candidates in a std::priority_queue and the image's kept boxes
// with std::sort, both by score alone; their libstdc++ orders among equals are reproduced (libstdcxx-order.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { iouF32 } from './non-max-suppression.ts';
import { StdPriorityQueue, stdSort } from './libstdcxx-order.ts';
import { boolAttr } from './raw-attrs.ts';

interface Detection {
  /** -1 for an unfilled slot of the candidate vector */
  index: number;
  score: number;
  cls: number;
  box: Float32Array;
}

/**
 * DoNMSPerClass: candidates above the score threshold enter a priority queue in box order; each popped one is
 * kept unless its IoU with a kept box exceeds the threshold; kept boxes fill the class's slots of `slots`.
 */
function nmsPerClass(boxes: Float32Array, scores: Float32Array, cls: number, sizePerClass: number, iou: number, scoreThreshold: number, slots: Detection[]): void {
  const queue = new StdPriorityQueue<{ index: number; score: number }>((a, b) => a.score < b.score);
  for (let i = 0; i < scores.length; i++) if (scores[i] > scoreThreshold) queue.push({ index: i, score: scores[i] });
  const selected: number[] = [];
  while (selected.length < sizePerClass && queue.size > 0) {
    const c = queue.pop();
    let keep = true;
    for (let j = selected.length - 1; j >= 0; j--) {
      if (iouF32(boxes, c.index, selected[j]) > iou) {
        keep = false;
        break;
      }
    }
    if (!keep) continue;
    slots[selected.length + sizePerClass * cls] = { index: c.index, score: c.score, cls, box: boxes.slice(c.index * 4, c.index * 4 + 4) };
    selected.push(c.index);
  }
}

function scalar(t: tf.Tensor, what: string): number {
  if (t.rank !== 0) throw new ServingError('INVALID_ARGUMENT', `${what} must be 0-D, got shape [${t.shape.join(',')}]`);
  return t.dataSync()[0];
}

function combinedNms(node: GraphNode): tf.Tensor[] {
  const [boxesT, scoresT, perClassT, totalT, iouT, scoreT] = node.inputs;
  if (boxesT.rank !== 4 || boxesT.shape[3] !== 4) throw new ServingError('INVALID_ARGUMENT', `boxes must be 4-D with 4 coordinates, got shape [${boxesT.shape.join(',')}]`);
  if (scoresT.rank !== 3) throw new ServingError('INVALID_ARGUMENT', `scores must be 3-D, got shape [${scoresT.shape.join(',')}]`);
  const [batch, n, q] = boxesT.shape;
  const classes = scoresT.shape[2] ?? 0;
  if (scoresT.shape[0] !== batch || scoresT.shape[1] !== n) throw new ServingError('INVALID_ARGUMENT', 'scores has incompatible shape');
  if (q !== 1 && q !== classes) throw new ServingError('INVALID_ARGUMENT', 'third dimension of boxes must be either 1 or num classes');
  const perClass = scalar(perClassT, 'max_size_per_class');
  if (perClass <= 0) throw new ServingError('INVALID_ARGUMENT', 'max_size_per_class must be positive');
  const total = scalar(totalT, 'max_total_size');
  if (total <= 0) throw new ServingError('INVALID_ARGUMENT', 'max_total_size must be > 0');
  const iou = Math.fround(scalar(iouT, 'iou_threshold'));
  if (!(iou >= 0 && iou <= 1)) throw new ServingError('INVALID_ARGUMENT', 'iou_threshold must be in [0, 1]');
  const scoreThreshold = Math.fround(scalar(scoreT, 'score_threshold'));
  const padPerClass = boolAttr(node, 'pad_per_class', false);
  const clip = boolAttr(node, 'clip_boxes', true);
  const perImage = padPerClass ? Math.min(total, perClass * classes) : total;
  const sizePerClass = Math.min(perClass, n);

  const allBoxes = Float32Array.from(boxesT.dataSync());
  const allScores = Float32Array.from(scoresT.dataSync());
  const outBoxes = new Float32Array(batch * perImage * 4);
  const outScores = new Float32Array(batch * perImage);
  const outClasses = new Float32Array(batch * perImage);
  const valid = new Int32Array(batch);
  const classBoxes = new Float32Array(n * 4);
  const classScores = new Float32Array(n);
  for (let b = 0; b < batch; b++) {
    const found: Detection[] = Array.from({ length: sizePerClass * classes }, () => ({ index: -1, score: -Infinity, cls: -1, box: new Float32Array(4) }));
    for (let c = 0; c < classes; c++) {
      for (let i = 0; i < n; i++) {
        classScores[i] = allScores[(b * n + i) * classes + c];
        const src = ((b * n + i) * q + (q > 1 ? c : 0)) * 4;
        classBoxes.set(allBoxes.subarray(src, src + 4), i * 4);
      }
      nmsPerClass(classBoxes, classScores, c, sizePerClass, iou, scoreThreshold, found);
    }
    stdSort(found, (x, y) => y.score < x.score);
    const count = Math.min(found.filter((d) => d.index > -1).length, perImage);
    valid[b] = count;
    for (let k = 0; k < count; k++) {
      const d = found[k];
      const at = b * perImage + k;
      for (let j = 0; j < 4; j++) outBoxes[at * 4 + j] = clip ? Math.min(Math.max(d.box[j], 0), 1) : d.box[j];
      outScores[at] = d.score;
      outClasses[at] = d.cls;
    }
  }
  return [
    tf.tensor3d(outBoxes, [batch, perImage, 4]),
    tf.tensor2d(outScores, [batch, perImage]),
    tf.tensor2d(outClasses, [batch, perImage]),
    tf.tensor1d(valid, 'int32'),
  ];
}

export const COMBINED_NMS_OPS: OpTable = { CombinedNonMaxSuppression: combinedNms };
