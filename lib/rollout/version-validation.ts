// Rollout's validation of one complete version: load it like a server would (engine, warm-up replay), check its
// signatures, and, with rollout.json `heavy`, choose its target (lib/loader chooseTarget): a version for the heavy
// target is loaded by TensorFlow (the native engine) when this process has it, else its MetaGraph is only read.
import { nativeEngineAvailable, type Servable } from '../engine/index.ts';
import { isServingError } from '../errors/index.ts';
import { chooseTarget, type LoadedVersion, loadVersion } from '../loader/index.ts';
import { type ModelFiles, SavedModel, SERVE_TAG } from '../savedmodel/index.ts';
import type { RolloutConfig } from './rollout-config.ts';

export type Outcome =
  | { state: 'AVAILABLE'; unavailable?: Record<string, string>; target?: 'heavy'; heavyReason?: string }
  | { state: 'FAILED'; error: string };

/** Init-op pseudo signatures of TF2 exports: not served, never counted. */
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);

/**
 * Validates the version's files; the servable built for it is disposed before returning. UNAVAILABLE load errors
 * are thrown (the event is retried); any other load error is a FAILED outcome.
 */
export async function validateVersion(files: ModelFiles, source: string, config: RolloutConfig, log: (m: string) => void): Promise<Outcome> {
  const options = { backend: config.backend, tags: config.tags, warmup: true };
  let loaded: LoadedVersion;
  try {
    if (config.heavy) {
      const choice = await chooseTarget(files, source, options, config.heavy);
      if (choice.heavyReason !== undefined) {
        choice.loaded?.servable.dispose();
        return await validateHeavy(files, source, config, choice.heavyReason);
      }
      loaded = choice.loaded!;
    } else {
      loaded = await loadVersion(files, source, { ...options, engine: config.engine });
    }
  } catch (e) {
    return failedLoad(e, source, log);
  }
  try {
    return checkSignatures(loaded.servable, config);
  } finally {
    loaded.servable.dispose();
  }
}

function failedLoad(e: unknown, source: string, log: (m: string) => void, engine = ''): Outcome {
  if (isServingError(e) && e.code === 'UNAVAILABLE') throw e;
  if (isServingError(e)) return { state: 'FAILED', error: `${e.code}: ${e.message}${engine}` };
  log(`rollout ${source}: unexpected load error: ${(e as Error)?.stack ?? String(e)}`);
  return { state: 'FAILED', error: `INTERNAL: ${(e as Error)?.message ?? String(e)}` };
}

/** A heavy version: loaded by TensorFlow when the native engine is installed here; otherwise its MetaGraph is read. */
async function validateHeavy(files: ModelFiles, source: string, config: RolloutConfig, reason: string): Promise<Outcome> {
  if (await nativeEngineAvailable()) {
    let loaded: LoadedVersion;
    try {
      loaded = await loadVersion(files, source, { engine: 'native', tags: config.tags, warmup: true });
    } catch (e) {
      return failedLoad(e, source, () => undefined, ' (native engine, for the heavy target)');
    }
    try {
      const outcome = checkSignatures(loaded.servable, config);
      return outcome.state === 'AVAILABLE' ? { ...outcome, target: 'heavy', heavyReason: reason } : outcome;
    } finally {
      loaded.servable.dispose();
    }
  }
  let keys: string[];
  try {
    keys = SavedModel.fromFiles(files, source).metaGraph(config.tags ?? [SERVE_TAG]).signatureKeys().filter((k) => !INIT_SIGNATURES.has(k));
  } catch (e) {
    return failedLoad(e, source, () => undefined);
  }
  const problem = signatureProblem(keys, config);
  if (problem) return problem;
  return { state: 'AVAILABLE', target: 'heavy', heavyReason: `${reason} (not loaded by TensorFlow during rollout: the native engine is not installed where it ran)` };
}

function signatureProblem(keys: string[], config: RolloutConfig): Outcome | undefined {
  if (keys.length === 0) return { state: 'FAILED', error: 'FAILED_PRECONDITION: the MetaGraph has no serving signature' };
  const absent = (config.requiredSignatures ?? []).filter((k) => !keys.includes(k));
  if (absent.length > 0) {
    return { state: 'FAILED', error: `FAILED_PRECONDITION: required signature(s) ${absent.join(', ')} not found; the model has ${keys.join(', ')}` };
  }
  return undefined;
}

/** Signatures present (and required ones runnable); the engine ran every available signature once at load. */
function checkSignatures(servable: Servable, config: RolloutConfig): Outcome {
  const problem = signatureProblem(servable.signatures().map((s) => s.key), config);
  if (problem) return problem;
  const down = servable.signatureStatus().filter((s) => !s.available);
  const required = down.filter((s) => config.requiredSignatures?.includes(s.key));
  if (required.length > 0) return { state: 'FAILED', error: `UNIMPLEMENTED: required signature(s) cannot run: ${required.map((s) => s.error!.message).join('; ')}` };
  return down.length ? { state: 'AVAILABLE', unavailable: Object.fromEntries(down.map((s) => [s.key, `${s.error!.code}: ${s.error!.message}`])) } : { state: 'AVAILABLE' };
}
