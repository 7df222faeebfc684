// Which signatures of a MetaGraph compute the same graph, so that a load converts it once. Keras 3's
// `model.export()` writes `serve` and `serving_default` as two call nodes (`StatefulPartitionedCall`,
// `StatefulPartitionedCall_1`) of two wrapper functions that differ only in their name and their args'
// `_user_specified_name` (checked on bench/models/mobilenet_v2_96), both calling one `__inference___call___N`.
// Not a general graph isomorphism: a fingerprint of each signature's outputs where nodes that do not depend on
// the signature's inputs stand for themselves (by name), and the rest by op, attributes and inputs.
import type { FunctionDefMessage, MetaGraph, NodeDefMessage } from '../../savedmodel/index.ts';
import { isControl, parseGraphRef } from './node-refs.ts';

interface NodeId {
  id: string;
  /** Depends on one of the signature's inputs (through data or control edges). */
  dep: boolean;
}

/** Attribute keys TensorFlow itself treats as non-semantic start with '_' (`_output_shapes`, `_user_specified_name`). */
const internalKey = (k: string) => k.startsWith('_');

export class SignatureTwins {
  private readonly nodes = new Map<string, NodeDefMessage>();
  private readonly functions = new Map<string, FunctionDefMessage>();
  private readonly funcIds = new Map<string, string>();
  private readonly interned = new Map<string, string>();

  constructor(private readonly meta: MetaGraph) {
    for (const n of meta.def.graph_def?.node ?? []) this.nodes.set(n.name, n);
    for (const f of meta.def.graph_def?.library?.function ?? []) this.functions.set(f.signature?.name ?? '', f);
  }

  /**
   * Equal for two signatures when converting either gives the same graph with the same input and output aliases,
   * dtypes and shapes; undefined when this cannot tell (a cycle: TF1 loops; a missing node or function).
   */
  fingerprint(key: string): string | undefined {
    const sig = this.meta.signature(key);
    const inputs = new Map<string, string[]>();
    const parts: string[] = [];
    for (const alias of Object.keys(sig.inputs).sort()) {
      const spec = sig.inputs[alias];
      const ref = parseGraphRef(spec.name);
      inputs.set(ref.node, [...(inputs.get(ref.node) ?? []), `${alias}@${ref.index}`]);
      parts.push(`in ${alias} ${spec.dtype} ${JSON.stringify(spec.shape)}`);
    }
    const memo = new Map<string, NodeId>();
    for (const alias of Object.keys(sig.outputs).sort()) {
      const spec = sig.outputs[alias];
      const ref = parseGraphRef(spec.name);
      const id = this.nodeId(ref.node, inputs, memo);
      if (!id) return undefined;
      parts.push(`out ${alias} ${spec.dtype} ${JSON.stringify(spec.shape)} ${id.id}:${ref.index}`);
    }
    return parts.join('\n');
  }

  /** Post-order walk without recursion (TF1 graphs can be deep). */
  private nodeId(root: string, inputs: Map<string, string[]>, memo: Map<string, NodeId>): NodeId | undefined {
    const onStack = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
      const name = stack[stack.length - 1];
      if (memo.has(name)) {
        stack.pop();
        continue;
      }
      const node = this.nodes.get(name);
      if (!node) return undefined;
      const fed = inputs.get(name);
      if (fed) {
        memo.set(name, { id: `in(${fed.sort().join(',')})`, dep: true });
        stack.pop();
        continue;
      }
      const pending = (node.input ?? []).map((i) => parseGraphRef(i.replace(/^\^/, '')).node).filter((n) => !memo.has(n));
      if (pending.length > 0) {
        if (onStack.has(name)) return undefined; // a cycle
        onStack.add(name);
        stack.push(...pending);
        continue;
      }
      stack.pop();
      onStack.delete(name);
      memo.set(name, this.structural(node, memo));
    }
    return memo.get(root);
  }

  private structural(node: NodeDefMessage, memo: Map<string, NodeId>): NodeId {
    const refs = (node.input ?? []).map((i) => {
      const control = isControl(i);
      const ref = parseGraphRef(control ? i.slice(1) : i);
      return { control, index: ref.index, child: memo.get(ref.node)! };
    });
    if (!refs.some((r) => r.child.dep)) return { id: `n(${node.name})`, dep: false };
    const ins = refs.map((r) => (r.control ? `^${r.child.id}` : `${r.child.id}:${r.index}`));
    return { id: this.intern(`${node.op}|${this.canonical(attrsOf(node))}|${ins.join(',')}`), dep: true };
  }

  /** A function's id: its body without its name, arg attributes and '_' attributes; called functions by their ids. */
  private funcId(name: string): string {
    let id = this.funcIds.get(name);
    if (id) return id;
    const f = this.functions.get(name);
    if (!f) return `missing(${name})`;
    this.funcIds.set(name, `recursive(${name})`); // TF has no recursive functions; never loop if one appears
    const { name: _name, ...signature } = f.signature ?? {};
    const body = {
      signature,
      node_def: (f.node_def ?? []).map((n) => ({ name: n.name, op: n.op, input: n.input, attr: attrsOf(n) })),
      ret: f.ret,
      control_ret: f.control_ret,
      attr: Object.fromEntries(Object.entries(f.attr ?? {}).filter(([k]) => !internalKey(k))),
    };
    id = this.intern(`fn|${this.canonical(body)}`);
    this.funcIds.set(name, id);
    return id;
  }

  private intern(text: string): string {
    let id = this.interned.get(text);
    if (!id) {
      id = `#${this.interned.size}`;
      this.interned.set(text, id);
    }
    return id;
  }

  /** Deterministic text of a message: keys sorted, bytes as base64, int64 as decimal, function names as ids. */
  private canonical(value: unknown, key = ''): string {
    if (value === null || value === undefined) return 'null';
    if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
    if (Array.isArray(value)) return `[${value.map((v) => this.canonical(v, key)).join(',')}]`;
    if (typeof value !== 'object') return JSON.stringify(value);
    if (key === 'func' && typeof (value as { name?: unknown }).name === 'string') {
      const { name, attr } = value as { name: string; attr?: unknown };
      return `fn(${this.funcId(name)},${this.canonical(attr ?? {})})`;
    }
    if (typeof (value as { toNumber?: unknown }).toNumber === 'function') return String(value); // Long
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${k}:${this.canonical((value as Record<string, unknown>)[k], k)}`).join(',')}}`;
  }
}

function attrsOf(node: NodeDefMessage): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node.attr ?? {}).filter(([k]) => !internalKey(k)));
}
