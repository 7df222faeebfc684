// The dtype pass (dtype-pass.ts) inside While / If bodies, which TensorFlow.js runs itself. A body that
// touches int64 (loop counters, int64 GatherV2 indices, int64 Range / Cast / shape arithmetic: tf.map_fn and
// tf.while_loop exports) gets the same rewrites as the main graph, with one rule at its boundary: every int64
// argument and result travels wide (an 8-byte-string tensor, ops/int64-tensors.ts), so a loop variable has one
// form on every iteration whatever produced it; the main graph's While / If widens int32-carried operands.
// To run the pass, the body's refs are rewritten from FunctionDef syntax ("node:out_arg:k") to flat
// "node:index" (tfjs-converter resolves both), and its arguments act as Placeholders.
// Verified for int64 only: a body touching uint64, float64, half or bfloat16 is refused at load.
import { ServingError } from '../../errors/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { DtypeTable } from './dtype-infer.ts';
import { DtypePass, isSixteen, isWide, refuse } from './dtype-pass.ts';
import { parseBodyRef } from './function-body.ts';
import { isControl } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';

const DT_INT64 = 9;
/** tfjs dtype of a wide tensor: a body argument or result of int64 type is declared string to tfjs. */
const DT_STRING = 7;

/** Every DataType a function's signature and node attrs mention. */
function dtypesOf(f: FunctionDefMessage): { type: number; where: string; op: string }[] {
  const name = f.signature.name;
  const out = [...(f.signature.input_arg ?? []), ...(f.signature.output_arg ?? [])].map((a) => ({ type: a.type ?? 0, where: `${name}/${a.name}`, op: name }));
  for (const n of f.node_def ?? []) {
    for (const a of Object.values(n.attr ?? {})) {
      for (const t of [a.type, ...(a.list?.type ?? [])]) if (t) out.push({ type: t, where: `${name}/${n.name}`, op: n.op });
    }
  }
  return out;
}

/** Rewrites body refs "node:out_arg:k" to flat "node:index" (args and control refs unchanged). */
function flattenRefs(f: FunctionDefMessage, reg: OpDefs): void {
  const where = `function '${f.signature.name}'`;
  const byName = new Map((f.node_def ?? []).map((n) => [n.name, n]));
  const flat = (ref: string): string => {
    if (isControl(ref)) return ref;
    const r = parseBodyRef(ref);
    if (r.outArg === undefined) return ref;
    const node = byName.get(r.node);
    if (!node) throw new ServingError('INVALID_ARGUMENT', `${where}: ref '${ref}' names no node`);
    // IdentityN (an inlined call) has the one list output `output`, so its index is already flat.
    const k = node.op === 'IdentityN' ? r.index : reg.flatOutputIndex(node, r.outArg, r.index, where);
    return `${r.node}:${k}`;
  };
  for (const n of f.node_def ?? []) n.input = (n.input ?? []).map(flat);
  for (const k of Object.keys(f.ret ?? {})) f.ret![k] = flat(f.ret![k]);
}

function applyToBody(f: FunctionDefMessage, weights: Map<string, HostTensor>, reg: OpDefs): void {
  flattenRefs(f, reg);
  const args: NodeDefMessage[] = (f.signature.input_arg ?? []).map((a) => ({ name: a.name, op: 'Placeholder', input: [], attr: { dtype: { type: a.type } } }));
  const argNames = new Set(args.map((a) => a.name));
  const byName = new Map([...args, ...(f.node_def ?? [])].map((n) => [n.name, n]));
  const pass = new DtypePass(byName, weights, new DtypeTable(byName, reg));
  for (const n of [...byName.values()]) pass.visit(n);
  for (const a of f.signature.output_arg ?? []) {
    if (!isWide(a.type)) continue;
    f.ret![a.name] = pass.widen(f.ret![a.name]);
    a.type = DT_STRING;
  }
  for (const a of f.signature.input_arg ?? []) if (isWide(a.type)) a.type = DT_STRING;
  f.node_def = [...byName.values()].filter((n) => !argNames.has(n.name));
}

/**
 * Makes int64 inside the library functions `functions` (While / If bodies) exact, in place; `weights` holds
 * their Consts (function-weights.ts). Refuses, naming op and node, a body touching another 64-bit or a
 * 16-bit dtype, or an int64 op the pass cannot make exact.
 */
export function applyBodyDtypePass(functions: FunctionDefMessage[], weights: Map<string, HostTensor>, reg: OpDefs): void {
  for (const f of functions) {
    const types = dtypesOf(f);
    const bad = types.find((t) => isSixteen(t.type) || (isWide(t.type) && t.type !== DT_INT64));
    if (bad) throw refuse(bad.op, bad.where, bad.type);
    if (!types.some((t) => isWide(t.type))) continue;
    try {
      applyToBody(f, weights, reg);
    } catch (e) {
      if (e instanceof ServingError) throw new ServingError(e.code, `${e.message} (in function '${f.signature.name}')`, { cause: e });
      throw e;
    }
  }
}
