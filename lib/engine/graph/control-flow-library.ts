// The library functions a converted graph still needs: the bodies of its While / If nodes (control flow
// v2), which TensorFlow.js runs itself (FORMATS.md "Open ground"). Each is a private copy with its own
// calls inlined (inline-function-bodies.ts), captured variables frozen (freeze-captures.ts), control edges
// tidied and Consts moved to the weights (function-weights.ts).
import { ServingError } from '../../errors/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { CaptureFreezer } from './freeze-captures.ts';
import { copyFunction, DT_RESOURCE, referencedFunctions } from './function-body.ts';
import { moveBodyConsts, tidyBody } from './function-weights.ts';
import { Graph } from './graph.ts';
import { inlineBodyCalls } from './inline-function-bodies.ts';
import { addDefaultAttrs, type OpDefs } from './op-defs.ts';

/** Library functions reachable from `roots` through func attrs, from `lib` or else built by `load`. */
function reachable(roots: NodeDefMessage[], load: (name: string) => FunctionDefMessage): Map<string, FunctionDefMessage> {
  const out = new Map<string, FunctionDefMessage>();
  const queue = roots.flatMap(referencedFunctions);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out.has(name)) continue;
    const fn = load(name);
    out.set(name, fn);
    queue.push(...(fn.node_def ?? []).flatMap(referencedFunctions));
  }
  return out;
}

/** The dtype of the frozen variable a main-graph resource input resolves to; anything else is refused. */
function frozenDtype(graph: Graph, weights: Map<string, HostTensor>) {
  return (input: string, node: NodeDefMessage): number => {
    const src = graph.resolve(input).node;
    if (src.op === 'Const' && weights.has(src.name)) return src.attr?.dtype?.type ?? 0;
    const what = src.op === 'TfsVariable' ? `variable '${src.name}', written by the graph,` : `resource '${src.name}' (op '${src.op}')`;
    throw new ServingError('UNIMPLEMENTED', `op '${node.op}' (node '${node.name}') capturing ${what} is not supported by the portable engine`);
  };
}

/**
 * Returns the functions `nodes` (the pruned main graph) run, ready for TensorFlow.js; rewrites the
 * While / If nodes' argument types in place and adds body constants to `weights`.
 */
export function controlFlowLibrary(nodes: NodeDefMessage[], reg: OpDefs, weights: Map<string, HostTensor>): FunctionDefMessage[] {
  const lib = reachable(nodes, (name) => {
    const fn = reg.functions.get(name);
    if (!fn) throw new ServingError('INVALID_ARGUMENT', `graph refers to unknown function '${name}'`);
    const copy = copyFunction(fn);
    inlineBodyCalls(copy, reg);
    // Bodies are exported without default-valued attrs too (strip_default_attrs); tfjs needs them (Conv2D dilations).
    for (const n of copy.node_def ?? []) addDefaultAttrs(n, reg);
    return copy;
  });
  if (lib.size === 0) return [];
  const freezer = new CaptureFreezer(lib);
  const valueDtype = frozenDtype(new Graph(nodes), weights);
  for (const n of nodes) freezer.freezeNode(n, 'graph', valueDtype);
  for (const fn of lib.values()) tidyBody(fn);
  const used = [...reachable(nodes, (name) => lib.get(name)!).values()];
  for (const fn of used) {
    const arg = (fn.signature.input_arg ?? []).find((a) => a.type === DT_RESOURCE);
    if (arg) throw new ServingError('UNIMPLEMENTED', `function '${fn.signature.name}' taking resource '${arg.name}' that is not a frozen variable is not supported by the portable engine`);
  }
  moveBodyConsts(used, nodes, weights);
  return used;
}

/**
 * Renames If to StatelessIf (same operands, same tfjs executor case). tfjs-converter 4.22's model analysis
 * lists 'StatelessIf' and 'if' (sic) but not 'If' as control flow, so a graph whose only control flow is an
 * If runs as a plain graph and tfjs warns on stderr at every call ("did not contain any nodes with control
 * flow"). Run after the dtype pass, which reads OpDefs by op name.
 */
export function renameIfForTfjs(nodes: NodeDefMessage[], functions: FunctionDefMessage[]): void {
  for (const n of [...nodes, ...functions.flatMap((f) => f.node_def ?? [])]) if (n.op === 'If') n.op = 'StatelessIf';
}
