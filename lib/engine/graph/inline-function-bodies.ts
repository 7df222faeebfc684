// Inlines PartitionedCall / StatefulPartitionedCall (and direct library-function calls) *inside* a library
// function body: the While / If bodies that stay in the library for TensorFlow.js (FORMATS.md pitfall 2, "Open
// ground"), whose calls tfjs cannot run. Everything stays in FunctionDef body syntax:
//   callee node  → "<call>/<node>", its refs "node:out_arg:k" → "<call>/node:out_arg:k"
//   callee arg   → the call's i-th data input, substituted into the callee's refs (no Identity, so a captured
//                  resource stays traceable to the caller's argument: freeze-captures.ts)
//   call node    → IdentityN "<call>" over the callee's translated `ret` refs, so "<call>:output:k" stays
//                  valid (IdentityN's only output arg is the list `output`, as for PartitionedCall); refs to a
//                  direct call "<call>:<callee out arg>:0" are rewritten to "<call>:output:<position>".
// The callee's control_ret is not carried over: no body keeps state once variables are frozen.
import { ServingError } from '../../errors/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { parseBodyRef, refTarget } from './function-body.ts';
import { calledFunction } from './inline-calls.ts';
import { isControl } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';

/** Guards against runaway bodies from hostile files (recursion is refused outright). */
const MAX_NODES = 2_000_000;

/** Expands every call in `fn`'s body, recursively; `fn` must be a private copy (it is rewritten in place). */
export function inlineBodyCalls(fn: FunctionDefMessage, reg: OpDefs): void {
  const where = `function '${fn.signature.name}'`;
  const out: NodeDefMessage[] = [];
  const stack = [...(fn.node_def ?? [])].reverse();
  const directOutputs = new Map<string, string[]>();
  // The functions each pending node was expanded from, to refuse recursion before it runs away.
  const chains = new Map<NodeDefMessage, string[]>(stack.map((n) => [n, [fn.signature.name]]));
  let produced = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const chain = chains.get(node)!;
    chains.delete(node);
    const calleeName = calledFunction(node, reg);
    if (calleeName === undefined) {
      out.push(node);
      continue;
    }
    const callee = reg.functions.get(calleeName);
    if (!callee) throw new ServingError('INVALID_ARGUMENT', `${where}: node '${node.name}' calls unknown function '${calleeName}'`);
    if (chain.includes(calleeName)) throw new ServingError('INVALID_ARGUMENT', `${where}: function '${calleeName}' calls itself (${[...chain, calleeName].join(' → ')})`);
    if (node.op === calleeName) directOutputs.set(node.name, (callee.signature.output_arg ?? []).map((a) => a.name));
    const expanded = expandBodyCall(node, callee, `${where}: function '${calleeName}' called by '${node.name}'`);
    produced += expanded.length;
    if (produced > MAX_NODES) throw new ServingError('RESOURCE_EXHAUSTED', `${where}: inlining '${calleeName}' exceeds ${MAX_NODES} nodes`);
    for (let i = expanded.length - 1; i >= 0; i--) {
      stack.push(expanded[i]);
      chains.set(expanded[i], [...chain, calleeName]);
    }
  }
  fn.node_def = out;
  if (directOutputs.size > 0) rewriteDirectCallRefs(fn, directOutputs);
  checkUniqueNames(fn, where);
}

function expandBodyCall(call: NodeDefMessage, callee: FunctionDefMessage, where: string): NodeDefMessage[] {
  const prefix = call.name;
  const inputs = call.input ?? [];
  const data = inputs.filter((i) => !isControl(i));
  const args = callee.signature.input_arg ?? [];
  if (args.length !== data.length) throw new ServingError('INVALID_ARGUMENT', `${where}: expects ${args.length} inputs, got ${data.length}`);
  const argRef = new Map(args.map((a, i) => [a.name, data[i]]));
  const bodyNames = new Set((callee.node_def ?? []).map((n) => n.name));
  const translate = (ref: string): string => {
    if (isControl(ref)) {
      const t = ref.slice(1);
      if (argRef.has(t)) return `^${refTarget(argRef.get(t)!)}`;
      if (bodyNames.has(t)) return `^${prefix}/${t}`;
      throw new ServingError('INVALID_ARGUMENT', `${where}: unknown control input '${ref}'`);
    }
    const r = parseBodyRef(ref);
    if (r.outArg === undefined) {
      const outer = argRef.get(ref);
      if (outer === undefined) throw new ServingError('INVALID_ARGUMENT', `${where}: unknown input '${ref}'`);
      return outer;
    }
    if (!bodyNames.has(r.node)) throw new ServingError('INVALID_ARGUMENT', `${where}: input '${ref}' names no body node`);
    return `${prefix}/${ref}`;
  };
  const body = (callee.node_def ?? []).map((n) => ({ ...n, name: `${prefix}/${n.name}`, input: (n.input ?? []).map(translate), attr: { ...(n.attr ?? {}) } }));
  const outputs = callee.signature.output_arg ?? [];
  const rets = outputs.map((o) => {
    const ref = callee.ret?.[o.name];
    if (ref === undefined) throw new ServingError('INVALID_ARGUMENT', `${where}: no ret for output '${o.name}'`);
    return translate(ref);
  });
  const controls = inputs.filter(isControl);
  const tout = call.attr?.Tout?.list?.type ?? outputs.map((o) => o.type ?? 0);
  const callNode: NodeDefMessage = rets.length > 0
    ? { name: prefix, op: 'IdentityN', input: [...rets, ...controls], attr: { T: { list: { type: tout } } } }
    : { name: prefix, op: 'NoOp', input: controls, attr: {} };
  return [...body, callNode];
}

/** "<call>:<callee output arg>:0" → "<call>:output:<position>" for calls made as `op: <function name>`. */
function rewriteDirectCallRefs(fn: FunctionDefMessage, outputs: Map<string, string[]>): void {
  const rewrite = (ref: string): string => {
    if (isControl(ref)) return ref;
    const r = parseBodyRef(ref);
    const names = r.outArg === undefined ? undefined : outputs.get(r.node);
    if (!names) return ref;
    const k = names.indexOf(r.outArg!);
    if (k < 0 || r.index !== 0) throw new ServingError('INVALID_ARGUMENT', `function '${fn.signature.name}': '${ref}' names no output of the call`);
    return `${r.node}:output:${k}`;
  };
  for (const n of fn.node_def ?? []) n.input = (n.input ?? []).map(rewrite);
  for (const k of Object.keys(fn.ret ?? {})) fn.ret![k] = rewrite(fn.ret![k]);
}

function checkUniqueNames(fn: FunctionDefMessage, where: string): void {
  const seen = new Set((fn.signature.input_arg ?? []).map((a) => a.name));
  for (const n of fn.node_def ?? []) {
    if (seen.has(n.name)) throw new ServingError('INVALID_ARGUMENT', `${where}: two nodes or arguments are named '${n.name}' after inlining`);
    seen.add(n.name);
  }
}
