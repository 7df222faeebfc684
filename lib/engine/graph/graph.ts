// A mutable node table for graph rewriting: nodes by name, in a stable order, and tensor-ref lookups.
import { ServingError } from '../../errors/index.ts';
import { runSteps, type Steps } from '../../io/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

export class Graph {
  readonly nodes = new Map<string, NodeDefMessage>();

  constructor(nodes: Iterable<NodeDefMessage>) {
    for (const n of nodes) this.nodes.set(n.name, n);
  }

  get(name: string): NodeDefMessage {
    const n = this.nodes.get(name);
    if (!n) throw new ServingError('INVALID_ARGUMENT', `graph has no node '${name}'`);
    return n;
  }

  /** Follows Identity / IdentityN chains from a tensor ref to the node that really produces it. */
  resolve(ref: string): { node: NodeDefMessage; index: number } {
    let { node: name, index } = parseGraphRef(ref);
    for (let hops = 0; hops < 10_000; hops++) {
      const node = this.get(name);
      const data = (node.input ?? []).filter((i) => !isControl(i));
      if (node.op === 'Identity' && data.length === 1) ({ node: name, index } = parseGraphRef(data[0]));
      else if (node.op === 'IdentityN' && index < data.length) ({ node: name, index } = parseGraphRef(data[index]));
      else return { node, index };
    }
    throw new ServingError('INVALID_ARGUMENT', `identity cycle at '${ref}'`);
  }

  /** Replaces every data input equal to `from` (as a parsed ref) with `to`, in all nodes. */
  rewire(from: string, to: string): void {
    const f = parseGraphRef(from);
    for (const n of this.nodes.values()) {
      const inputs = n.input ?? [];
      for (let i = 0; i < inputs.length; i++) {
        if (isControl(inputs[i])) continue;
        const r = parseGraphRef(inputs[i]);
        if (r.node === f.node && r.index === f.index) inputs[i] = to;
      }
    }
  }

  /** Replaces every data input that reads output 0 of a key of `from` with the mapped node, in one pass. */
  rewireMany(from: Map<string, string>): void {
    runSteps(this.rewireManySteps(from));
  }

  /** rewireMany as Steps (it may pause every 4096 nodes). */
  *rewireManySteps(from: Map<string, string>): Steps<void> {
    let step = 0;
    for (const n of this.nodes.values()) {
      if ((++step & 4095) === 0) yield;
      const inputs = n.input ?? [];
      for (let i = 0; i < inputs.length; i++) {
        if (isControl(inputs[i])) continue;
        const r = parseGraphRef(inputs[i]);
        const to = r.index === 0 ? from.get(r.node) : undefined;
        if (to !== undefined) inputs[i] = to;
      }
    }
  }
}
