// SavedModel signature → self-contained inference graph: inline calls, freeze variables, build the lookup
// tables the init ops would fill (lookup-tables.ts), bypass identities of constants, prune to the signature,
// and move every constant's value into `weights` (TensorFlow.js reads Const values from weights only:
// FORMATS.md pitfall 1).
import { ServingError } from '../../errors/index.ts';
import { runSteps, runStepsSliced, type Steps, type TimeSlice } from '../../io/index.ts';
import type { FunctionDefMessage, MetaGraph, NodeDefMessage, SavedModel, SignatureInfo } from '../../savedmodel/index.ts';
import { objectGraphVariableKeys } from '../../savedmodel/index.ts';
import { protoEnum } from '../../proto/index.ts';
import { decodeTensorProto, type HostTensor } from '../../tensor/index.ts';
import { applyDtypePass } from './dtype-pass.ts';
import { applyBodyDtypePass } from './dtype-pass-bodies.ts';
import { freezeVariablesSteps } from './freeze-variables.ts';
import { Graph } from './graph.ts';
import { StateScope } from './state-scope.ts';
import { initOpRoots } from './init-ops.ts';
import { duplicateNodeName, inlineCallsSteps } from './inline-calls.ts';
import { checkTables, materializeLookupTables } from './lookup-tables.ts';
import { controlFlowLibrary, renameIfForTfjs } from './control-flow-library.ts';
import { isControl, parseGraphRef } from './node-refs.ts';
import { addDefaultAttrs, OpDefs } from './op-defs.ts';
import { type Feed, pruneSteps } from './prune.ts';
import { checkOpAttrs, checkOutputUse, routeExactArith } from '../ops/index.ts';
import { routeStringMoves } from './string-moves.ts';
import { optimizeGraphSteps, type OptimizeStats } from './optimize/optimize-graph.ts';

export interface ConvertedGraph {
  signature: SignatureInfo;
  /** Kept nodes; Const nodes carry no `value` attr (their values are in `weights`). */
  nodes: NodeDefMessage[];
  weights: Map<string, HostTensor>;
  feeds: Feed[];
  /** output alias → tensor ref to fetch */
  fetches: Record<string, string>;
  /** library functions still referenced (While/If bodies: control-flow-library.ts) */
  functions: FunctionDefMessage[];
  /** What the optimizer did (undefined when it did not run). */
  optimized?: OptimizeStats;
}

export interface ConvertOptions {
  /** Run the graph optimizer (optimize/optimize-graph.ts); default true. */
  optimize?: boolean;
}

/** Consumers of Identity(Const) read the Const directly, so no per-call copy happens (FORMATS.md pitfall 12). */
function* bypassConstIdentities(graph: Graph, keepNames: Set<string>): Steps<void> {
  const redirect = new Map<string, string>();
  let step = 0;
  for (const n of graph.nodes.values()) {
    if ((++step & 4095) === 0) yield;
    const inputs = n.input ?? [];
    if (n.op !== 'Identity' || inputs.length !== 1 || isControl(inputs[0]) || keepNames.has(n.name)) continue;
    const src = graph.resolve(inputs[0]);
    if (src.node.op === 'Const') redirect.set(n.name, src.node.name);
  }
  if (redirect.size === 0) return;
  for (const n of graph.nodes.values()) {
    if ((++step & 4095) === 0) yield;
    const inputs = n.input ?? [];
    for (let i = 0; i < inputs.length; i++) {
      if (isControl(inputs[i])) continue;
      const r = parseGraphRef(inputs[i]);
      const to = r.index === 0 ? redirect.get(r.node) : undefined;
      if (to) inputs[i] = to;
    }
  }
}

function dtypeNumber(name: string): number {
  const v = protoEnum('tensorflow.DataType').values[name];
  if (v === undefined) throw new ServingError('INVALID_ARGUMENT', `unknown dtype ${name}`);
  return v;
}

/** Output nodes of every signature a client can call (not the init-op pseudo signature). */
function servingRoots(meta: MetaGraph): string[] {
  return meta.signatures().filter((sig) => sig.key !== '__saved_model_init_op').flatMap((sig) => Object.values(sig.outputs).map((o) => parseGraphRef(o.name).node));
}

/** Converts one signature of a MetaGraph into an inference graph. */
export function convertSignature(model: SavedModel, meta: MetaGraph, signatureKey: string, scope: StateScope = new StateScope(), options: ConvertOptions = {}): ConvertedGraph {
  return runSteps(convertSteps(model, meta, signatureKey, scope, options));
}

/** convertSignature pausing between passes and every few thousand nodes of its own loops (a model load). */
export function convertSignatureSliced(model: SavedModel, meta: MetaGraph, signatureKey: string, scope: StateScope, slice?: TimeSlice, options: ConvertOptions = {}): Promise<ConvertedGraph> {
  return runStepsSliced(convertSteps(model, meta, signatureKey, scope, options), slice);
}

function* convertSteps(model: SavedModel, meta: MetaGraph, signatureKey: string, scope: StateScope, options: ConvertOptions): Steps<ConvertedGraph> {
  const signature = meta.signature(signatureKey);
  const reg = new OpDefs(meta.def);
  // Rewrites below mutate nodes: work on copies so the MetaGraph (shared by every signature) stays intact.
  const inlined = yield* inlineCallsSteps(meta.def.graph_def?.node ?? [], reg, false);
  const graph = new Graph([]);
  for (const n of inlined) {
    if (graph.nodes.has(n.name)) throw duplicateNodeName(n.name);
    const copy = { ...n, input: [...(n.input ?? [])], attr: { ...(n.attr ?? {}) } };
    addDefaultAttrs(copy, reg);
    graph.nodes.set(copy.name, copy);
    if ((graph.nodes.size & 2047) === 0) yield;
  }
  const weights = new Map<string, HostTensor>();
  const bundle = model.variables();
  yield* freezeVariablesSteps(graph, bundle, weights, scope, servingRoots(meta), objectGraphVariableKeys(meta.def, bundle));
  yield;
  materializeLookupTables(graph, { reg, cacheKey: meta.def, initRoots: initOpRoots(meta.def), weights, files: model.files, assets: meta.assets(), source: model.source });
  const fetches: Record<string, string> = {};
  for (const [alias, spec] of Object.entries(signature.outputs)) fetches[alias] = spec.name;
  const feedRefs: Record<string, { ref: string; dtype: number }> = {};
  for (const [alias, spec] of Object.entries(signature.inputs)) feedRefs[alias] = { ref: spec.name, dtype: dtypeNumber(spec.dtype) };
  const protect = new Set([...Object.values(fetches), ...Object.values(feedRefs).map((f) => f.ref)].map((r) => parseGraphRef(r).node));
  yield;
  yield* bypassConstIdentities(graph, protect);
  yield;
  const { nodes: pruned, feeds } = yield* pruneSteps(graph, feedRefs, Object.values(fetches));
  let nodes = pruned;
  yield;
  checkTables(nodes, `signature '${signatureKey}'`);
  for (const n of nodes) {
    if (n.op !== 'Const' || weights.has(n.name)) continue;
    const tensor = n.attr?.value?.tensor;
    if (!tensor) throw new ServingError('INVALID_ARGUMENT', `Const '${n.name}' has no value`);
    weights.set(n.name, decodeTensorProto(tensor, `Const '${n.name}'`));
    n.attr = { dtype: n.attr?.dtype ?? { type: tensor.dtype } };
  }
  const kept = new Set(nodes.map((n) => n.name));
  for (const name of [...weights.keys()]) if (!kept.has(name)) weights.delete(name);
  yield;
  const functions = controlFlowLibrary(nodes, reg, weights);
  const where = `signature '${signatureKey}'`;
  for (const n of nodes) checkOpAttrs(n, where);
  checkOutputUse(nodes, Object.values(fetches), where);
  for (const f of functions) for (const n of f.node_def ?? []) checkOpAttrs(n, `${where}: function '${f.signature.name}'`);
  yield;
  routeStringMoves(nodes, reg);
  applyBodyDtypePass(functions, weights, reg);
  yield;
  applyDtypePass({ nodes, weights }, reg);
  yield;
  routeExactArith(nodes);
  for (const f of functions) routeExactArith(f.node_def ?? []);
  let optimized: OptimizeStats | undefined;
  // Only graphs without While/If bodies: a body's Const may share a weight name with the main graph.
  if ((options.optimize ?? true) && functions.length === 0) {
    ({ nodes, stats: optimized } = yield* optimizeGraphSteps({ nodes, weights, protect: new Set([...protect, ...feeds.map((f) => f.node)]) }));
  }
  yield;
  renameIfForTfjs(nodes, functions);
  return { signature, nodes, weights, feeds, fetches, functions, optimized };
}
