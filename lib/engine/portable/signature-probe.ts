// Runs a freshly converted signature once on made-up inputs (synthetic-inputs.ts), so a kernel the static
// check (kernel-check.ts) could not foresee fails the load of that signature instead of a request. Only a
// missing kernel or an UNIMPLEMENTED op counts against the signature: an error the made-up inputs cause
// (a kernel's INVALID_ARGUMENT, a required tf.Example feature absent) says nothing about the graph.
import { isServingError, ServingError } from '../../errors/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import { MISSING_KERNEL } from '../input-checks.ts';
import type { Servable } from '../servable.ts';
import { syntheticInputs } from '../synthetic-inputs.ts';
import { nodeUsingKernel } from './kernel-check.ts';

/** Ops that write a variable: running them would change the model's state before any request. */
const WRITES_STATE = /^TfsAssign/;

/** The signature's UNIMPLEMENTED error when it cannot run, else undefined (also when it was not probed). */
export async function probeSignature(servable: Pick<Servable, 'run'>, g: ConvertedGraph, backend: string): Promise<ServingError | undefined> {
  const key = g.signature.key;
  const nodes = [...g.nodes, ...g.functions.flatMap((f) => f.node_def ?? [])];
  if (nodes.some((n) => WRITES_STATE.test(n.op))) return undefined;
  const inputs = syntheticInputs(g.signature);
  if (!inputs) return undefined;
  try {
    await servable.run(key, inputs);
    return undefined;
  } catch (e) {
    if (!isServingError(e) || e.code !== 'UNIMPLEMENTED') return undefined;
    // A project op's own UNIMPLEMENTED (e.g. ResizeArea with align_corners from a 1-pixel side) depends on the
    // made-up inputs; only the backend's own failures (runError wraps them with the tfjs error as cause) count.
    if (!(e.cause instanceof Error) || isServingError(e.cause)) return undefined;
    const cause = e.cause instanceof Error ? MISSING_KERNEL.exec(e.cause.message) : null;
    const at = cause ? nodeUsingKernel(g.nodes, g.functions, cause[1]) : undefined;
    if (!at) return new ServingError('UNIMPLEMENTED', `signature '${key}' cannot run on the portable engine (${backend} backend): ${e.message}`, { cause: e });
    return new ServingError(
      'UNIMPLEMENTED',
      `signature '${key}' cannot run on the portable engine (${backend} backend): op '${at.op}' (node '${at.node}'): TensorFlow.js kernel '${cause![1]}' is not registered for backend '${cause![2]}'`,
      { cause: e },
    );
  }
}
