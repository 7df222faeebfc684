// Fake graph nodes for driving custom-op executors directly: the input tensors, and the NodeDef attrs in the
// object form the GraphModel holds (`node.rawAttrs`: int64 as strings, bytes as base64, enums by name).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';

export type RawAttrs = Record<string, { i?: string; b?: boolean; s?: string; type?: string }>;

export function opNode(inputs: tf.Tensor[], rawAttrs: RawAttrs = {}): GraphNode {
  return { inputs, attrs: {}, node: { rawAttrs } } as unknown as GraphNode;
}

const utf8 = new TextEncoder();

/** A string tensor of UTF-8 encoded values. */
export function strings(values: string[], shape: number[] = [values.length]): tf.Tensor {
  return tf.tensor(values.map((s) => utf8.encode(s)), shape, 'string');
}

/** Raw bytes of a string tensor. */
export function bytesOf(t: tf.Tensor): Uint8Array[] {
  return tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
}

/** A string tensor's elements as text (test values are valid UTF-8). */
export function textOf(t: tf.Tensor): string[] {
  return bytesOf(t).map((b) => new TextDecoder().decode(b));
}

export const base64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
