// Mutable variables of stateful graphs (see lib/engine/graph/state-scope.ts): a process-wide store of
// kept tensors by state id, and the ops that read and write it. JavaScript runs one graph step at a time,
// so a read-modify-write inside one op is atomic with respect to other requests.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { STATE_ATTR } from '../graph/state-scope.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { toTfTensor } from '../portable/host-tensors.ts';
import type { OpTable } from './index.ts';

const STORE = new Map<string, tf.Tensor>();

/** Creates the state tensors of one servable. */
export function createState(initial: Map<string, HostTensor>): void {
  for (const [id, value] of initial) STORE.set(id, tf.keep(toTfTensor(value, `variable state ${id}`)));
}

/** Frees the state tensors of one servable. */
export function disposeState(ids: Iterable<string>): void {
  for (const id of ids) {
    STORE.get(id)?.dispose();
    STORE.delete(id);
  }
}

function stateId(node: GraphNode): string {
  const id = node.attrs[STATE_ATTR];
  if (typeof id !== 'string' || !STORE.has(id)) throw new ServingError('UNAVAILABLE', 'variable state is gone (servable unloaded)');
  return id;
}

function write(node: GraphNode, f: (old: tf.Tensor, value: tf.Tensor) => tf.Tensor): tf.Tensor {
  const id = stateId(node);
  const old = STORE.get(id)!;
  const value = node.inputs[1];
  if (value.dtype !== old.dtype) throw new ServingError('INVALID_ARGUMENT', `cannot assign ${value.dtype} to a ${old.dtype} variable`);
  const next = tf.keep(f(old, value));
  STORE.set(id, next);
  old.dispose();
  return next.clone();
}

export const VARIABLE_OPS: OpTable = {
  TfsVariable: (node) => STORE.get(stateId(node))!.clone(),
  TfsAssign: (node) => write(node, (_old, v) => v.clone()),
  TfsAssignAdd: (node) => write(node, (old, v) => tf.add(old, v)),
  TfsAssignSub: (node) => write(node, (old, v) => tf.sub(old, v)),
};
