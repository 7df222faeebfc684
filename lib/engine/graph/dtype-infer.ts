// The TF dtype of every tensor of a converted graph, by TF's own rule: each output_arg of the node's OpDef
// (meta_info_def.stripped_op_list) has a fixed `type`, or names a `type_attr` / `type_list_attr` (repeated
// `number_attr` times), read from the node's attrs or the OpDef's default (SavedModels strip default-valued
// attrs: ArgMax's output_type int64 is usually absent). Nodes our conversion made (Const, Placeholder) or
// ops with no OpDef fall back to their dtype / T / DstT / out_type attrs.
import { type AttrValueMessage, type NodeDefMessage, type OpDefMessage } from '../../savedmodel/index.ts';
import { toSafeNumber } from '../../tensor/index.ts';
import { isControl, parseGraphRef } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';

const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_BOOL = 10;

/** Output dtype of common ops whose OpDef a graph may lack: the attr that holds it, and its OpDef default. */
const FALLBACK_TYPE_ATTR: Record<string, [attr: string, byDefault?: number]> = {
  Const: ['dtype'], Placeholder: ['dtype'], PlaceholderWithDefault: ['dtype'], VarHandleOp: ['dtype'], Cast: ['DstT'],
  ResourceGather: ['dtype'], GatherV2: ['Tparams'], Gather: ['Tparams'], GatherNd: ['Tparams'],
  Shape: ['out_type', DT_INT32], Size: ['out_type', DT_INT32], ArgMax: ['output_type', DT_INT64], ArgMin: ['output_type', DT_INT64],
  Equal: ['', DT_BOOL], NotEqual: ['', DT_BOOL], Greater: ['', DT_BOOL], GreaterEqual: ['', DT_BOOL], Less: ['', DT_BOOL], LessEqual: ['', DT_BOOL],
};

function typeOf(a: AttrValueMessage | undefined): number | undefined {
  return a?.type ? a.type : undefined;
}

export class DtypeTable {
  private readonly outs = new Map<string, (number | undefined)[]>();

  constructor(
    private readonly nodes: Map<string, NodeDefMessage>,
    private readonly reg: OpDefs,
  ) {}

  /** Dtypes of a node's outputs in flat order (undefined where unknown). */
  outputs(name: string): (number | undefined)[] {
    let out = this.outs.get(name);
    if (!out) {
      const node = this.nodes.get(name);
      out = node ? this.infer(node) : [];
      this.outs.set(name, out);
    }
    return out;
  }

  /** Dtype of a tensor ref ("node:k"). */
  ofRef(ref: string): number | undefined {
    const { node, index } = parseGraphRef(ref);
    return this.outputs(node)[index];
  }

  /** Dtypes of a node's data inputs, in order. */
  inputs(node: NodeDefMessage): (number | undefined)[] {
    return (node.input ?? []).filter((i) => !isControl(i)).map((i) => this.ofRef(i));
  }

  /** Forgets a node's outputs after a rewrite changed them. */
  set(name: string, dtypes: (number | undefined)[]): void {
    this.outs.set(name, dtypes);
  }

  private infer(node: NodeDefMessage): (number | undefined)[] {
    const attr = node.attr ?? {};
    const def = this.reg.opDef(node.op);
    if (def?.output_arg) return fromOpDef(def, attr);
    if (node.op === 'IdentityN') return attr.T?.list?.type ?? [];
    const fallback = FALLBACK_TYPE_ATTR[node.op];
    if (fallback) return [typeOf(attr[fallback[0]]) ?? fallback[1]];
    return [typeOf(attr.T) ?? typeOf(attr.dtype)];
  }
}

function fromOpDef(def: OpDefMessage, attr: Record<string, AttrValueMessage>): (number | undefined)[] {
  const lookup = (name: string) => attr[name] ?? def.attr?.find((a) => a.name === name)?.default_value;
  const out: (number | undefined)[] = [];
  for (const arg of def.output_arg ?? []) {
    if (arg.type_list_attr) {
      out.push(...(lookup(arg.type_list_attr)?.list?.type ?? []));
      continue;
    }
    const t = arg.type ? arg.type : arg.type_attr ? typeOf(lookup(arg.type_attr)) : undefined;
    const count = arg.number_attr ? toSafeNumber(lookup(arg.number_attr)?.i ?? 0, `attr ${arg.number_attr}`) : 1;
    for (let k = 0; k < count; k++) out.push(t);
  }
  return out;
}
