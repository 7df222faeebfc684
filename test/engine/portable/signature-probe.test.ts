// probeSignature: runs a signature once on made-up inputs; only a missing kernel (or an UNIMPLEMENTED op) makes
// it unavailable, named by op and node; errors the made-up inputs cause do not; graphs that write state are not run.
import { describe, expect, it } from 'vitest';
import type { HostTensor, Servable } from '../../../lib/engine/index.ts';
import type { ConvertedGraph } from '../../../lib/engine/graph/convert.ts';
import { probeSignature } from '../../../lib/engine/portable/signature-probe.ts';
import { ServingError } from '../../../lib/errors/index.ts';
import type { NodeDefMessage } from '../../../lib/savedmodel/index.ts';

const SIGNATURE = { key: 's', methodName: 'tensorflow/serving/predict', inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', shape: [-1, 2] }, t: { name: 't:0', dtype: 'DT_STRING', shape: null } }, outputs: {} };

function graph(nodes: Partial<NodeDefMessage>[]): ConvertedGraph {
  return { signature: SIGNATURE, nodes: nodes as NodeDefMessage[], weights: new Map(), feeds: [], fetches: {}, functions: [] };
}

/** A servable whose run fails with `error` (or succeeds) and remembers the inputs it got. */
function fake(error?: unknown): Servable & { seen: Map<string, HostTensor>[] } {
  const seen: Map<string, HostTensor>[] = [];
  return {
    seen,
    run: async (_k: string, inputs: Map<string, HostTensor>) => {
      seen.push(inputs);
      if (error) throw error;
      return new Map();
    },
  } as unknown as Servable & { seen: Map<string, HostTensor>[] };
}

describe('probeSignature', () => {
  it('names op and node when the run meets a kernel the backend lacks', async () => {
    const cause = new Error("Kernel 'Einsum' not registered for backend 'wasm'");
    const s = fake(new ServingError('UNIMPLEMENTED', 'kernel missing', { cause }));
    const error = await probeSignature(s, graph([{ name: 'x', op: 'Placeholder' }, { name: 'attn/einsum/Einsum', op: 'Einsum' }]), 'wasm');
    expect(error).toMatchObject({ code: 'UNIMPLEMENTED', message: "signature 's' cannot run on the portable engine (wasm backend): op 'Einsum' (node 'attn/einsum/Einsum'): TensorFlow.js kernel 'Einsum' is not registered for backend 'wasm'" });
    const inputs = s.seen[0];
    expect(inputs.get('x')).toEqual({ dtype: 'DT_FLOAT', shape: [1, 2], data: new Float32Array(2) });
    expect(inputs.get('t')).toEqual({ dtype: 'DT_STRING', shape: [1], data: [new Uint8Array(0)] });
  });

  it.each([
    ['a kernel refusing the made-up inputs', new ServingError('INVALID_ARGUMENT', 'Error in matMul: inner shapes')],
    ['a required tf.Example feature missing from an empty string', new ServingError('INVALID_ARGUMENT', 'Feature: x (data type: float) is required but could not be found.')],
  ])('keeps the signature available after %s', async (_s, e) => {
    expect(await probeSignature(fake(e), graph([{ name: 'a', op: 'MatMul' }]), 'wasm')).toBeUndefined();
  });

  it('does not run a graph that writes a variable', async () => {
    const s = fake();
    expect(await probeSignature(s, graph([{ name: 'inc', op: 'TfsAssignAdd' }]), 'wasm')).toBeUndefined();
    expect(s.seen).toHaveLength(0);
  });
});
