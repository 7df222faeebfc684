// One signature's converted graph → what the portable servable runs: the converted graph as a TensorFlow.js
// GraphModel plus the executor that suits it (lean, synchronous TF1 control flow, or tfjs's own). Used at load
// for every signature (rollout, `serve`) or on a signature's first request (the api function: lazy).
import { ServingError } from '../../errors/index.ts';
import type { TimeSlice } from '../../io/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import type { GraphSource } from './graph-sources.ts';
import type { Feed } from '../graph/prune.ts';
import type { StateScope } from '../graph/state-scope.ts';
import { buildGraphModel, type MemoryGraphModel } from './artifacts.ts';
import type { BackendName } from './backend.ts';
import { describeMissing, missingOps } from './kernel-check.ts';
import { compileLeanPlan } from './lean-plan.ts';
import { LeanExecutor } from './lean-executor.ts';
import type { V1Executor } from './v1-executor.ts';
import { v1SyncExecutor } from './v1-sync.ts';

/**
 * Ops TensorFlow.js runs only through executeAsync: dynamic control flow, and the ops its model analysis
 * calls dynamic-shape (tfjs-converter executor/model_analysis.ts DYNAMIC_SHAPE_OPS), by name even when our
 * own kernel runs them synchronously.
 */
const ASYNC_OPS = new Set([
  'Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'While', 'StatelessWhile', 'If', 'StatelessIf',
  'NonMaxSuppressionV2', 'NonMaxSuppressionV3', 'NonMaxSuppressionV5', 'Where',
]);
/** Missing ops named in one signature's error before "and N more". */
const MAX_NAMED = 5;

export interface CompiledSignature {
  info: SignatureInfo;
  model: MemoryGraphModel;
  feeds: Feed[];
  fetches: Record<string, string>;
  /** Object.keys(fetches), once (a call that names no outputs gets them all). */
  fetchAliases: readonly string[];
  async: boolean;
  /** The graph or a While/If body uses TensorLists: runs get a list scope (ops/tensor-list-value.ts). */
  lists: boolean;
  /** TF1 control flow run synchronously (v1-sync.ts); absent: TensorFlow.js's executors. */
  v1?: V1Executor;
  /** Straight-line graphs of the ops in lean-ops.ts run without the GraphModel (lean-executor.ts). */
  lean?: LeanExecutor;
}

/** What converting needs, for as long as a signature may still be converted. */
export interface CompileContext {
  graphs: GraphSource;
  state: StateScope;
  backend: BackendName;
  slice: TimeSlice;
  /** Hand back each graph with its weights (to write a serving artifact); default: nodes only. */
  keepWeights?: boolean;
  v1Executor?: boolean;
  /** On the v1 executor, call backend kernels directly where v1-kernels.ts can; default true. */
  v1Kernels?: boolean;
  lean?: boolean;
}

/** UNIMPLEMENTED for a signature whose graph has ops the backend cannot run, naming each op and node. */
export function unrunnable(key: string, backend: BackendName, reasons: string[]): ServingError {
  const more = reasons.length > MAX_NAMED ? `; and ${reasons.length - MAX_NAMED} more` : '';
  return new ServingError('UNIMPLEMENTED', `signature '${key}' cannot run on the portable engine (${backend} backend): ${reasons.slice(0, MAX_NAMED).join('; ')}${more}`);
}

/**
 * Converts and builds one signature. `graph` keeps the nodes (the probe names them), not the weights.
 * Throws UNIMPLEMENTED naming the signature when the backend cannot run it; other errors are the model's.
 */
export async function compileSignature(ctx: CompileContext, key: string): Promise<{ compiled: CompiledSignature; graph: ConvertedGraph; weightBytes: number }> {
  const { backend, slice } = ctx;
  const g = await ctx.graphs.graph(key, ctx.state, slice);
  await slice.pause();
  const missing = missingOps(g.nodes, g.functions, backend);
  if (missing.length) throw unrunnable(key, backend, missing.map(describeMissing));
  const { model: gm, weightBytes } = await buildGraphModel(g, `${ctx.graphs.source} signature '${key}'`, slice);
  const async = g.nodes.some((n) => ASYNC_OPS.has(n.op));
  const lists = [...g.nodes, ...g.functions.flatMap((f) => f.node_def ?? [])].some((n) => n.op.startsWith('TensorList'));
  const { executor: v1 } = lists || ctx.v1Executor === false ? {} : v1SyncExecutor(g, gm, backend, ctx.v1Kernels !== false);
  const plan = ctx.lean === false || v1 ? undefined : compileLeanPlan(g, gm, backend);
  const lean = plan && 'plan' in plan ? new LeanExecutor(plan.plan) : undefined;
  const compiled = { info: g.signature, model: gm, feeds: g.feeds, fetches: g.fetches, fetchAliases: Object.keys(g.fetches), async, lists, v1, lean };
  return { compiled, graph: ctx.keepWeights ? g : { ...g, weights: new Map() }, weightBytes };
}
