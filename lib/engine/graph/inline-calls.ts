// Inlines PartitionedCall / StatefulPartitionedCall (and direct library-function calls) into the graph,
// the way TF's own inliner names things (FORMATS.md "Function inlining naming rules"):
//   body node  → "<call>/<node>", inputs "node:out_arg:k" → "<call>/<node>:<flat index>"
//   input arg  → Identity "<call>/<arg>" fed by the call's i-th data input (+ the call's control inputs)
//   call node  → IdentityN "<call>" over the translated `ret` refs, so "<call>:k" outside stays valid.
// Functions used by While/If stay in the library (TensorFlow.js runs their bodies).
import { ServingError } from '../../errors/index.ts';
import { runSteps, type Steps } from '../../io/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { isControl } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';

const CALL_OPS = new Set(['PartitionedCall', 'StatefulPartitionedCall']);
/** Guards against recursive functions and runaway graphs from hostile files. */
const MAX_NODES = 2_000_000;

/** The library function a node calls, or undefined when it is an ordinary op. */
export function calledFunction(node: NodeDefMessage, reg: OpDefs): string | undefined {
  if (CALL_OPS.has(node.op)) return node.attr?.f?.func?.name ?? undefined;
  return reg.functions.has(node.op) ? node.op : undefined;
}

/** Returns a new node list with every function call expanded, recursively. */
export function inlineCalls(nodes: NodeDefMessage[], reg: OpDefs): NodeDefMessage[] {
  return runSteps(inlineCallsSteps(nodes, reg));
}

/**
 * inlineCalls as Steps (it may pause every 2048 nodes). `checkNames: false` leaves the unique-name check to a
 * caller that builds its own table of the nodes by name (convert.ts: one 1M-entry Set less on a big graph).
 */
export function* inlineCallsSteps(nodes: readonly NodeDefMessage[], reg: OpDefs, checkNames = true): Steps<NodeDefMessage[]> {
  const out: NodeDefMessage[] = [];
  const stack = [...nodes].reverse();
  let produced = 0;
  while (stack.length > 0) {
    if ((stack.length & 2047) === 0) yield;
    const node = stack.pop()!;
    const fnName = calledFunction(node, reg);
    if (fnName === undefined) {
      out.push(node);
      continue;
    }
    const fn = reg.functions.get(fnName);
    if (!fn) throw new ServingError('INVALID_ARGUMENT', `node '${node.name}' calls unknown function '${fnName}'`);
    const expanded = expandCall(node, fn, reg);
    produced += expanded.length;
    if (produced > MAX_NODES) throw new ServingError('RESOURCE_EXHAUSTED', `inlining '${fnName}' exceeds ${MAX_NODES} nodes (recursive function?)`);
    for (let i = expanded.length - 1; i >= 0; i--) stack.push(expanded[i]);
  }
  if (checkNames) yield* uniqueNameSteps(out);
  return out;
}

function expandCall(call: NodeDefMessage, fn: FunctionDefMessage, reg: OpDefs): NodeDefMessage[] {
  const prefix = call.name;
  const where = `function '${fn.signature.name}' called by '${call.name}'`;
  const inputs = call.input ?? [];
  const data = inputs.filter((i) => !isControl(i));
  const controls = inputs.filter(isControl);
  const args = fn.signature.input_arg ?? [];
  if (args.length !== data.length) {
    throw new ServingError('INVALID_ARGUMENT', `${where}: expects ${args.length} inputs, got ${data.length}`);
  }
  const tin = call.attr?.Tin?.list?.type ?? [];
  const argNodes: NodeDefMessage[] = args.map((arg, i) => ({
    name: `${prefix}/${arg.name}`,
    op: 'Identity',
    input: [data[i], ...controls],
    attr: { T: { type: arg.type || tin[i] || 0 } },
  }));
  const body = new Map((fn.node_def ?? []).map((n) => [n.name, n]));
  const argNames = new Set(args.map((a) => a.name));
  const translate = (ref: string): string => {
    if (isControl(ref)) return `^${prefix}/${ref.slice(1)}`;
    const parts = ref.split(':');
    if (parts.length === 1) {
      if (!argNames.has(ref) && !body.has(ref)) throw new ServingError('INVALID_ARGUMENT', `${where}: unknown input '${ref}'`);
      return `${prefix}/${ref}`;
    }
    const [nodeName, outArg, k] = [parts.slice(0, -2).join(':'), parts[parts.length - 2], Number(parts[parts.length - 1])];
    const producer = body.get(nodeName);
    if (!producer) throw new ServingError('INVALID_ARGUMENT', `${where}: input '${ref}' names no body node`);
    const flat = reg.flatOutputIndex(producer, outArg, k, where);
    return flat === 0 ? `${prefix}/${nodeName}` : `${prefix}/${nodeName}:${flat}`;
  };
  const bodyNodes: NodeDefMessage[] = (fn.node_def ?? []).map((n) => ({
    name: `${prefix}/${n.name}`,
    op: n.op,
    input: (n.input ?? []).map(translate),
    attr: n.attr ?? {},
  }));
  const outputs = fn.signature.output_arg ?? [];
  const rets = outputs.map((o) => {
    const ref = fn.ret?.[o.name];
    if (ref === undefined) throw new ServingError('INVALID_ARGUMENT', `${where}: no ret for output '${o.name}'`);
    return translate(ref);
  });
  const controlRets = Object.values(fn.control_ret ?? {}).map((n) => `^${prefix}/${n}`);
  const tout = call.attr?.Tout?.list?.type ?? outputs.map((o) => o.type ?? 0);
  const callNode: NodeDefMessage =
    rets.length > 0
      ? { name: prefix, op: 'IdentityN', input: [...rets, ...controlRets], attr: { T: { list: { type: tout } } } }
      : { name: prefix, op: 'NoOp', input: controlRets, attr: {} };
  return [...argNodes, ...bodyNodes, callNode];
}

function* uniqueNameSteps(nodes: NodeDefMessage[]): Steps<void> {
  const seen = new Set<string>();
  for (const n of nodes) {
    if ((seen.size & 2047) === 0) yield;
    if (seen.has(n.name)) throw duplicateNodeName(n.name);
    seen.add(n.name);
  }
}

export function duplicateNodeName(name: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', `two nodes are named '${name}' after inlining`);
}
