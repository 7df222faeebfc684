// ConvertedGraph → TensorFlow.js GraphModel, held in memory. Node and function messages go over in
// protobufjs object form (int64 as strings, bytes base64, enum names: FORMATS.md pitfall 8); every
// constant goes into weights (pitfall 1).
import * as tf from '@tensorflow/tfjs-core';
import { GraphModel } from '@tensorflow/tfjs-converter';
import { TimeSlice } from '../../io/index.ts';
import { ServingError } from '../../errors/index.ts';
import { protoType } from '../../proto/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import { camelCaseForm } from './camel-case-form.ts';
import { toTfTensor } from './host-tensors.ts';

/** A GraphModel loaded from in-memory artifacts. */
export type MemoryGraphModel = GraphModel<tf.io.IOHandlerSync>;

const OBJECT_FORM = { longs: String, bytes: String, enums: String } as const;

function objectForm(typeName: string, message: object): object {
  const type = protoType(typeName);
  return type.toObject(type.fromObject(message as Record<string, unknown>), OBJECT_FORM);
}

/** Bytes a weight takes as tfjs stores it (what tf.io.encodeWeights counted: a string is 4 bytes of length + its bytes). */
function weightBytesOf(t: tf.Tensor): number {
  if (t.dtype !== 'string') return t.size * (t.dtype === 'bool' ? 1 : t.dtype === 'complex64' ? 8 : 4);
  return (tf.engine().readSync(t.dataId) as Uint8Array[]).reduce((n, b) => n + 4 + b.length, 0);
}

/**
 * Builds the GraphModel; fails (UNIMPLEMENTED) naming the first op TensorFlow.js cannot run. Each weight becomes
 * a tensor once, with a pause whenever `slice` is used up, and the GraphModel takes those tensors as they are:
 * its `io` (third constructor parameter) hands them over from `decodeWeights`. The artifacts route
 * (tf.io.encodeWeights, then decodeWeights inside loadGraphModelSync) copied every weight twice more, the
 * second time in one synchronous call (MobileNetV2: the longest stretch of its load, bench/load-stalls.ts).
 */
export async function buildGraphModel(g: ConvertedGraph, where: string, slice: TimeSlice = new TimeSlice()): Promise<{ model: MemoryGraphModel; weightBytes: number }> {
  const named: tf.NamedTensorMap = {};
  let model: MemoryGraphModel | undefined;
  let weightBytes = 0;
  try {
    for (const [name, value] of g.weights) {
      named[name] = toTfTensor(value, `${where}: weight '${name}'`);
      weightBytes += weightBytesOf(named[name]);
      if (slice.overdue()) await slice.pause();
    }
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: {
        node: g.nodes.map((n) => objectForm('tensorflow.NodeDef', n)),
        library: { function: g.functions.map((f) => camelCaseForm(objectForm('tensorflow.FunctionDef', f))) },
        versions: { producer: 1, minConsumer: 0 },
      },
      format: 'graph-model',
    };
    if (slice.overdue()) await slice.pause();
    const io = { ...tf.io, decodeWeights: () => named };
    const built = new GraphModel(tf.io.fromMemorySync(artifacts), {}, io) as MemoryGraphModel;
    built.load();
    model = built; // it owns the weights from here: its dispose() frees them (checkOps disposes it when it throws)
    checkOps(model, where);
    return { model, weightBytes };
  } catch (e) {
    if (!model) tf.dispose(Object.values(named));
    throw e;
  }
}

interface MappedNode { name: string; op: string; category?: string }

/** Every node must map to a TensorFlow.js executor: refuse at load, never at request time (STYLE.md §7). */
function checkOps(model: MemoryGraphModel, where: string): void {
  type Mapped = { nodes: Record<string, MappedNode> };
  const graph = (model as unknown as { executor: { graph: Mapped & { functions?: Record<string, Mapped> } } }).executor.graph;
  // Function bodies (While / If) too: tfjs would only fail when a request reaches them.
  for (const [fn, g] of [['', graph] as const, ...Object.entries(graph.functions ?? {})]) {
    for (const node of Object.values(g.nodes)) {
      // TensorFlow.js's own TensorList ops (category 'control') mutate lists in place: only ours may run.
      if (node.category && !(node.category === 'control' && node.op.startsWith('TensorList'))) continue;
      model.dispose();
      throw new ServingError('UNIMPLEMENTED', `${where}: op '${node.op}' (node '${fn ? `${fn}/` : ''}${node.name}') is not supported by the portable engine`);
    }
  }
}
