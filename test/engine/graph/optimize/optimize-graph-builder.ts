// Tiny graphs for the optimizer tests: nodes as NodeDef messages, constants as float32 weights.
import type { NodeDefMessage } from '../../../../lib/savedmodel/index.ts';
import type { HostTensor } from '../../../../lib/tensor/index.ts';
import { optimizeGraph } from '../../../../lib/engine/graph/optimize/optimize-graph.ts';

const enc = new TextEncoder();
export const DT_FLOAT = 1;
export const DT_INT32 = 3;

export class TinyGraph {
  nodes: NodeDefMessage[] = [];
  weights = new Map<string, HostTensor>();

  placeholder(name: string, type = DT_FLOAT): string {
    this.nodes.push({ name, op: 'Placeholder', input: [], attr: { dtype: { type } } });
    return name;
  }

  const(name: string, shape: number[], values: number[]): string {
    this.nodes.push({ name, op: 'Const', input: [], attr: { dtype: { type: DT_FLOAT } } });
    this.weights.set(name, { dtype: 'DT_FLOAT', shape, data: Float32Array.from(values) });
    return name;
  }

  intConst(name: string, shape: number[], values: number[]): string {
    this.nodes.push({ name, op: 'Const', input: [], attr: { dtype: { type: DT_INT32 } } });
    this.weights.set(name, { dtype: 'DT_INT32', shape, data: Int32Array.from(values) });
    return name;
  }

  op(name: string, op: string, input: string[], attr: NodeDefMessage['attr'] = {}, type = DT_FLOAT): string {
    this.nodes.push({ name, op, input, attr: { T: { type }, ...attr } });
    return name;
  }

  /** A 1x1 NHWC Conv2D with `filter` of shape [1, 1, cin, cout]. */
  conv(name: string, x: string, filter: string, dataFormat = 'NHWC'): string {
    return this.op(name, 'Conv2D', [x, filter], {
      strides: { list: { i: [1, 1, 1, 1] } }, padding: { s: enc.encode('VALID') }, data_format: { s: enc.encode(dataFormat) },
    });
  }

  optimize(protect: string[]) {
    const out = optimizeGraph({ nodes: this.nodes, weights: this.weights, protect: new Set(protect) });
    const byName = new Map(out.nodes.map((n) => [n.name, n]));
    return { ...out, byName, ops: out.nodes.map((n) => n.op).sort(), values: (name: string) => Array.from(this.weights.get(name)!.data as Float32Array) };
  }
}

export const fusedOps = (n: NodeDefMessage | undefined) => (n?.attr?.fused_ops?.list?.s ?? []).map((s) => new TextDecoder().decode(s));
