// NMS kernels: TF's input checks and messages (from TF 2.21: see scripts/zoo/gen_detection.py for the value
// vectors, which the detection zoo checks on wasm and cpu), and the corners of the algorithm.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMBINED_NMS_OPS } from '../../../lib/engine/ops/combined-nms.ts';
import { iouF32, nonMaxSuppression, NON_MAX_SUPPRESSION_OPS } from '../../../lib/engine/ops/non-max-suppression.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { opNode } from './op-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

const BOXES = [[0, 0, 1, 1], [0, 0, 1, 2], [5, 5, 6, 6]];
const v3 = (boxes: number[][], scores: number[], max: number, iou: number, score = 0) =>
  NON_MAX_SUPPRESSION_OPS.NonMaxSuppressionV3(opNode([tf.tensor2d(boxes.flat(), [boxes.length, boxes[0]?.length ?? 4]), tf.tensor1d(scores), tf.scalar(max, 'int32'), tf.scalar(iou), tf.scalar(score)])) as tf.Tensor;

describe('NonMaxSuppressionV3', () => {
  it('keeps a box whose IoU equals the threshold (TF suppresses only above it)', () => {
    expect(iouF32(Float32Array.from(BOXES.flat()), 0, 1)).toBe(0.5);
    expect([...v3(BOXES, [0.9, 0.8, 0.7], 10, 0.5).dataSync()]).toEqual([0, 1, 2]);
    expect([...v3(BOXES, [0.9, 0.8, 0.7], 10, 0.4999).dataSync()]).toEqual([0, 2]);
  });

  it('orders equal scores by lower box index and treats flipped corners as the same box', () => {
    expect(nonMaxSuppression(Float32Array.from([1, 1, 0, 0, 0, 0, 1, 1]), Float32Array.of(0.5, 0.5), 5, 0.9, 0).indices).toEqual([0]);
  });

  it.each([
    ['iou_threshold above 1', () => v3(BOXES, [1, 1, 1], 1, 1.5), 'iou_threshold must be in [0, 1]'],
    ['a negative max_output_size', () => v3(BOXES, [1, 1, 1], -1, 0.5), 'output size must be non-negative'],
    ['scores of another length', () => v3(BOXES, [1, 1], 1, 0.5), 'scores has incompatible shape (Dimensions must be equal, but are 2 and 3)'],
    ['boxes without 4 columns', () => v3([[0, 0, 1]], [1], 1, 0.5), 'boxes must have 4 columns[1,3]'],
  ])('answers INVALID_ARGUMENT with TF\'s message for %s', (_label, run, message) => {
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
  });
});

describe('CombinedNonMaxSuppression', () => {
  const run = (perClass: number, total: number) =>
    COMBINED_NMS_OPS.CombinedNonMaxSuppression(opNode([tf.tensor4d([0, 0, 1, 1], [1, 1, 1, 4]), tf.tensor3d([0.5], [1, 1, 1]), tf.scalar(perClass, 'int32'), tf.scalar(total, 'int32'), tf.scalar(0.5), tf.scalar(0)]));

  it.each([
    [0, 1, 'max_size_per_class must be positive'],
    [1, 0, 'max_total_size must be > 0'],
  ])('refuses max_output_size_per_class %i / max_total_size %i with TF\'s message', (perClass, total, message) => {
    expect(() => run(perClass, total)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
  });

  it('pads rows past valid_detections with zeros (clip_boxes default true)', () => {
    const [boxes, scores, classes, valid] = run(1, 3) as tf.Tensor[];
    expect(boxes.shape).toEqual([1, 3, 4]);
    expect([...scores.dataSync()]).toEqual([0.5, 0, 0]);
    expect([...classes.dataSync()]).toEqual([0, 0, 0]);
    expect([...valid.dataSync()]).toEqual([1]);
  });
});
