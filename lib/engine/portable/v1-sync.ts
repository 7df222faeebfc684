// Which signatures run on the synchronous v1 control-flow executor (v1-executor.ts) instead of executeAsync:
// graphs with TensorFlow 1 control flow (Switch/Merge/Enter/Exit/NextIteration/LoopCond) whose every other op
// runs synchronously in TensorFlow.js (v1-plan.ts says which and why not), when tfjs-converter's executor has
// the per-node entry tfjs-op-runner.ts uses. Everything else keeps TensorFlow.js's own executors.
import { findBackend } from '@tensorflow/tfjs-core';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import type { MemoryGraphModel } from './artifacts.ts';
import type { BackendName } from './backend.ts';
import { type MappedNode, opRunnerFor } from './tfjs-op-runner.ts';
import { directOpFor } from './v1-kernels.ts';
import { V1Executor } from './v1-executor.ts';
import { hasV1ControlFlow, planV1 } from './v1-plan.ts';

/**
 * The executor, or why the signature stays on executeAsync (undefined reason: no v1 control flow at all).
 * `kernels` (default true): ops call their backend kernels directly where v1-kernels.ts has them.
 */
export function v1SyncExecutor(g: ConvertedGraph, model: MemoryGraphModel, backend: BackendName, kernels = true): { executor?: V1Executor; reason?: string } {
  if (!hasV1ControlFlow(g.nodes)) return {};
  if (g.functions.length > 0) return { reason: 'the graph also has control flow v2 (While/If functions)' };
  const runner = opRunnerFor(model);
  if (!runner) return { reason: "tfjs-converter's GraphExecutor has no processStack(9 arguments)" };
  const direct = kernels
    ? (n: NodeDefMessage, mapped: MappedNode, producers: readonly NodeDefMessage[]) =>
      directOpFor(n, mapped, producers.length, (i) => (producers[i].op === 'Const' ? g.weights.get(producers[i].name) : undefined), backend, runner)
    : undefined;
  const plan = planV1(g.nodes, g.feeds.map((f) => f.node), Object.values(g.fetches), runner, direct);
  return typeof plan === 'string' ? { reason: plan } : { executor: new V1Executor(plan, findBackend(backend)) };
}
