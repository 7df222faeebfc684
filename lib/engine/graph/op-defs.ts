// OpDefs of a MetaGraph: the ops it uses come with their OpDef in meta_info_def.stripped_op_list, and library
// functions act as ops whose signature is the function's OpDef. Used to turn a FunctionDef output ref into a
// flat index. tf.saved_model.save leaves out of stripped_op_list the ops used only inside While / If bodies
// (a tf.while_loop body's Size, a tf.map_fn body's TensorListGetItem): for those, TF 2.21's own output
// signatures (builtin-op-defs.ts, generated) are the fallback.
import { ServingError } from '../../errors/index.ts';
import { toSafeNumber } from '../../tensor/index.ts';
import { BUILTIN_OP_DEFS } from './builtin-op-defs.ts';
import type { ArgDefMessage, AttrValueMessage, FunctionDefMessage, MetaGraphDefMessage, NodeDefMessage, OpDefMessage } from '../../savedmodel/index.ts';

const BUILTIN = new Map(BUILTIN_OP_DEFS.map((d) => [d.name, d]));

export class OpDefs {
  private readonly ops = new Map<string, OpDefMessage>();
  readonly functions = new Map<string, FunctionDefMessage>();

  constructor(meta: MetaGraphDefMessage) {
    for (const op of meta.meta_info_def?.stripped_op_list?.op ?? []) this.ops.set(op.name, op);
    for (const fn of meta.graph_def?.library?.function ?? []) this.functions.set(fn.signature.name, fn);
  }

  /** The OpDef of an op or of a library function called as an op. */
  opDef(op: string): OpDefMessage | undefined {
    return this.functions.get(op)?.signature ?? this.ops.get(op) ?? BUILTIN.get(op);
  }

  /** The flat output index of `outArg:k` of a node (FORMATS.md: Σ sizes of earlier output args + k). */
  flatOutputIndex(node: NodeDefMessage, outArg: string, k: number, where: string): number {
    const def = this.opDef(node.op);
    if (!def) throw new ServingError('UNIMPLEMENTED', `${where}: no OpDef for op '${node.op}' (node '${node.name}')`);
    let index = 0;
    for (const arg of def.output_arg ?? []) {
      if (arg.name === outArg) return index + k;
      index += argSize(arg, node.attr ?? {}, def);
    }
    throw new ServingError('INVALID_ARGUMENT', `${where}: op '${node.op}' has no output '${outArg}' (node '${node.name}')`);
  }
}

/** How many tensors an ArgDef stands for: 1, attr[number_attr].i, or len(attr[type_list_attr].list.type). */
export function argSize(arg: ArgDefMessage, attr: Record<string, AttrValueMessage>, def: OpDefMessage): number {
  const lookup = (name: string) => attr[name] ?? def.attr?.find((a) => a.name === name)?.default_value;
  if (arg.number_attr) return toSafeNumber(lookup(arg.number_attr)?.i ?? 0, `attr ${arg.number_attr}`);
  if (arg.type_list_attr) return lookup(arg.type_list_attr)?.list?.type?.length ?? 0;
  return 1;
}

/**
 * Adds the OpDef's default attrs a node lacks. Exports with strip_default_attrs=True (Keras, TF1 builders
 * with the flag) drop them, and TF's loader adds them back (AddDefaultAttrsToGraphDef); TensorFlow.js needs
 * them present (e.g. Conv2D `dilations`).
 */
export function addDefaultAttrs(node: NodeDefMessage, reg: OpDefs): void {
  const def = reg.opDef(node.op);
  if (!def?.attr) return;
  for (const a of def.attr) {
    if (a.default_value && !(a.name in (node.attr ??= {}))) node.attr[a.name] = a.default_value;
  }
}
