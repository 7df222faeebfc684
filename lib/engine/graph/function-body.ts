// FunctionDef bodies as data: body-syntax refs ("arg", "node:out_arg:k", "^node"; FORMATS.md "Function
// inlining naming rules"), private copies of library functions (so one signature's rewrites never reach the
// MetaGraph shared by all signatures), and renaming a body node together with every ref to it.
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { isControl } from './node-refs.ts';

/** DataType RESOURCE (FORMATS.md "DataType"). */
export const DT_RESOURCE = 20;

/** A parsed body ref: an argument (`outArg` undefined) or output `outArg:index` of a body node. */
export interface BodyRef {
  node: string;
  outArg?: string;
  index: number;
}

/** Parses a body data ref: "x" (an argument) or "Add:z:0" (output arg z, index 0 within it). */
export function parseBodyRef(ref: string): BodyRef {
  const parts = ref.split(':');
  if (parts.length < 3) return { node: parts[0], index: 0 };
  return { node: parts.slice(0, -2).join(':'), outArg: parts[parts.length - 2], index: Number(parts[parts.length - 1]) };
}

/** The node (or argument) a body ref, data or control, names. */
export const refTarget = (ref: string): string => (isControl(ref) ? ref.slice(1) : parseBodyRef(ref).node);

/** Names of the library functions a node refers to through `func` attrs (While body/cond, If branches…). */
export function referencedFunctions(node: NodeDefMessage): string[] {
  const out: string[] = [];
  for (const a of Object.values(node.attr ?? {})) {
    if (a.func?.name) out.push(a.func.name);
    for (const f of a.list?.func ?? []) if (f.name) out.push(f.name);
  }
  return out;
}

/** A copy whose signature args, nodes (inputs, attr maps), ret and control_ret can be rewritten freely. */
export function copyFunction(fn: FunctionDefMessage): FunctionDefMessage {
  return {
    ...fn,
    signature: {
      ...fn.signature,
      input_arg: (fn.signature.input_arg ?? []).map((a) => ({ ...a })),
      output_arg: (fn.signature.output_arg ?? []).map((a) => ({ ...a })),
    },
    node_def: (fn.node_def ?? []).map(copyNode),
    ret: { ...(fn.ret ?? {}) },
    control_ret: { ...(fn.control_ret ?? {}) },
  };
}

export const copyNode = (n: NodeDefMessage): NodeDefMessage => ({ ...n, input: [...(n.input ?? [])], attr: { ...(n.attr ?? {}) } });

/** Renames body node `from` to `to` in place, with every data / control ref to it and the ret maps. */
export function renameBodyNode(fn: FunctionDefMessage, from: string, to: string): void {
  const rename = (ref: string) => {
    if (isControl(ref)) return ref.slice(1) === from ? `^${to}` : ref;
    const r = parseBodyRef(ref);
    return r.outArg !== undefined && r.node === from ? `${to}:${r.outArg}:${r.index}` : ref;
  };
  for (const n of fn.node_def ?? []) {
    if (n.name === from) n.name = to;
    n.input = (n.input ?? []).map(rename);
  }
  for (const k of Object.keys(fn.ret ?? {})) fn.ret![k] = rename(fn.ret![k]);
  for (const k of Object.keys(fn.control_ret ?? {})) if (fn.control_ret![k] === from) fn.control_ret![k] = to;
}
