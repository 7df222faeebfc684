// The view the conversion-time optimizer works on: kept nodes in topological order, constant values by node
// name, the node names that must survive (feeds, fetches), and who reads each node. Rebuild the consumer index
// after a pass changes edges (`reindex`).
import type { NodeDefMessage } from '../../../savedmodel/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import { isControl, parseGraphRef } from '../node-refs.ts';

/** One edge into a node: who reads it, through which input slot, which output index. */
export interface Use {
  node: NodeDefMessage;
  slot: number;
  index: number;
  control: boolean;
}

// TensorFlow's DataType enum (types.proto): DT_FLOAT = 1.
export const DT_FLOAT = 1;

export class OptimizableGraph {
  readonly byName = new Map<string, NodeDefMessage>();
  private uses = new Map<string, Use[]>();

  constructor(
    public nodes: NodeDefMessage[],
    readonly weights: Map<string, HostTensor>,
    /** Feed and fetch nodes: never removed, renamed or merged into another node. */
    readonly protect: ReadonlySet<string>,
  ) {
    this.reindex();
  }

  reindex(): void {
    this.byName.clear();
    this.uses.clear();
    for (const n of this.nodes) this.byName.set(n.name, n);
    for (const n of this.nodes) {
      (n.input ?? []).forEach((ref, slot) => {
        const control = isControl(ref);
        const { node, index } = control ? { node: ref.slice(1), index: -1 } : parseGraphRef(ref);
        let list = this.uses.get(node);
        if (!list) this.uses.set(node, (list = []));
        list.push({ node: n, slot, index, control });
      });
    }
  }

  usesOf(name: string): readonly Use[] {
    return this.uses.get(name) ?? [];
  }

  /** The Const value feeding input `slot` of `n` (output 0 of a Const with a weight), if any. */
  constInput(n: NodeDefMessage, slot: number): HostTensor | undefined {
    const ref = n.input?.[slot];
    if (ref === undefined || isControl(ref)) return undefined;
    const { node, index } = parseGraphRef(ref);
    if (index !== 0 || this.byName.get(node)?.op !== 'Const') return undefined;
    return this.weights.get(node);
  }

  /** Data inputs only (control inputs dropped). */
  dataInputs(n: NodeDefMessage): string[] {
    return (n.input ?? []).filter((r) => !isControl(r));
  }

  hasControlInputs(n: NodeDefMessage): boolean {
    return (n.input ?? []).some(isControl);
  }

  /** Drops nodes nobody reads that are neither protected nor stateful, and the weights of removed Consts. */
  removeDead(removable: (n: NodeDefMessage) => boolean): number {
    let removed = 0;
    for (;;) {
      const dead = this.nodes.filter((n) => !this.protect.has(n.name) && this.usesOf(n.name).length === 0 && removable(n));
      if (dead.length === 0) break;
      removed += dead.length;
      for (const n of dead) if (n.op === 'Const') this.weights.delete(n.name);
      const names = new Set(dead.map((n) => n.name));
      this.nodes = this.nodes.filter((n) => !names.has(n.name));
      this.reindex();
    }
    return removed;
  }

  /** A fresh node name starting with `base`. */
  freshName(base: string): string {
    let name = base;
    for (let i = 1; this.byName.has(name) || this.weights.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  /** Adds a float32 Const node holding `value` and returns its name. */
  addConst(base: string, value: HostTensor): string {
    const name = this.freshName(base);
    const node: NodeDefMessage = { name, op: 'Const', input: [], attr: { dtype: { type: DT_FLOAT } } };
    this.nodes.unshift(node);
    this.byName.set(name, node);
    this.weights.set(name, value);
    return name;
  }
}

/** The type attr `T` of a node, if set. */
export const typeAttr = (n: NodeDefMessage, name = 'T'): number | undefined => n.attr?.[name]?.type;

/** A string attr (bytes in the proto) as text. */
export function stringAttr(n: NodeDefMessage, name: string): string | undefined {
  const s = n.attr?.[name]?.s;
  return s === undefined ? undefined : new TextDecoder().decode(s);
}
