// Which target a version belongs on (issue 15): the portable engine when it runs every signature within the
// heavy thresholds, else the heavy target (native engine). One decision, used by rollout (recorded in the
// manifest as target 'heavy') and by `serve --engine=per-model` (which then loads it on the native engine).
import { nativeEngineAvailable } from '../engine/index.ts';
import { isServingError, type ServingError } from '../errors/index.ts';
import type { ModelFiles } from '../savedmodel/index.ts';
import { type LoadedVersion, loadVersion, type VersionLoadOptions } from './version-loader.ts';

/** Thresholds past which a version the portable engine can run still goes to the heavy target (rollout.json `heavy`). */
export interface HeavyThresholds {
  /** Bytes of all the version's files together; above: heavy without trying the portable engine. Default: no limit. */
  maxModelBytes?: number;
  /** Milliseconds of the portable engine's load plus warm-up replay; above: heavy. Default: no limit. */
  maxWarmupMs?: number;
}

/**
 * `loaded`: the version on the portable engine, when it loaded (the caller owns it and disposes it).
 * `heavyReason`: set when the version belongs on the heavy target, saying why.
 */
export interface TargetChoice {
  loaded?: LoadedVersion;
  heavyReason?: string;
  /** The portable engine's refusal, when it did not load at all. */
  refusal?: ServingError;
}

/**
 * Errors by which the portable engine refuses a version that TensorFlow itself may run: an op, kernel or dtype it
 * lacks (UNIMPLEMENTED), a tensor over its limits (RESOURCE_EXHAUSTED). Anything else (a corrupt SavedModel,
 * a failing warm-up request) is the version's own fault and is thrown.
 */
const REFUSALS = new Set(['UNIMPLEMENTED', 'RESOURCE_EXHAUSTED']);

/**
 * Loads the version on the portable engine (with warm-up) and decides its target.
 * @example const { loaded, heavyReason } = await chooseTarget(files, 'models/x/1', { backend: 'wasm' }, { maxWarmupMs: 5000 });
 */
export async function chooseTarget(
  files: ModelFiles, source: string, options: Omit<VersionLoadOptions, 'engine'>, thresholds: HeavyThresholds = {},
): Promise<TargetChoice> {
  const bytes = files.paths().reduce((n, p) => n + files.get(p)!.byteLength, 0);
  if (thresholds.maxModelBytes !== undefined && bytes > thresholds.maxModelBytes) {
    return { heavyReason: `the version's files take ${bytes} bytes, over heavy.maxModelBytes ${thresholds.maxModelBytes}` };
  }
  const started = performance.now();
  let loaded: LoadedVersion;
  try {
    // The choice reads every signature's status: convert them all now.
    loaded = await loadVersion(files, source, { ...options, engine: 'portable', lazySignatures: false });
  } catch (e) {
    if (isServingError(e) && REFUSALS.has(e.code)) return { heavyReason: `the portable engine refuses it: ${e.code}: ${e.message}`, refusal: e };
    throw e;
  }
  const ms = Math.round(performance.now() - started);
  const down = loaded.servable.signatureStatus().filter((s) => !s.available);
  if (down.length > 0) {
    return { loaded, heavyReason: `the portable engine cannot run ${down.map((s) => `signature '${s.key}' (${s.error!.message})`).join('; ')}` };
  }
  if (thresholds.maxWarmupMs !== undefined && ms > thresholds.maxWarmupMs) {
    return { loaded, heavyReason: `load and warm-up took ${ms} ms on the portable engine, over heavy.maxWarmupMs ${thresholds.maxWarmupMs}` };
  }
  return { loaded };
}

/** VersionLoadOptions plus the per-model choice of `serve --engine=per-model`. */
export interface ChoosingLoadOptions extends Omit<VersionLoadOptions, 'engine'> {
  /** As VersionLoadOptions, or 'per-model': the portable engine unless chooseTarget says heavy and the native engine is installed. */
  engine?: VersionLoadOptions['engine'] | 'per-model';
  /** Thresholds of the per-model choice. Default: none (only the portable engine's refusals send a version to native). */
  heavy?: HeavyThresholds;
}

/**
 * loadVersion, with the per-model choice: a version the portable engine refuses, cannot run completely or runs
 * over the thresholds loads on the native engine when it is installed; without it, the portable engine's
 * servable is kept when it loaded (some signatures may be unavailable) and its refusal is thrown otherwise.
 * @example await loadChosenVersion(files, 'models/x/1', { engine: 'per-model' })
 */
export async function loadChosenVersion(files: ModelFiles, source: string, options: ChoosingLoadOptions = {}): Promise<LoadedVersion> {
  const { engine, heavy, ...rest } = options;
  if (engine !== 'per-model') return loadVersion(files, source, { ...rest, engine });
  const choice = await chooseTarget(files, source, rest, heavy);
  if (choice.heavyReason === undefined) return choice.loaded!;
  if (await nativeEngineAvailable()) {
    choice.loaded?.servable.dispose();
    return loadVersion(files, source, { ...rest, engine: 'native' });
  }
  if (choice.loaded) return choice.loaded;
  if (choice.refusal) throw choice.refusal;
  // over maxModelBytes, not tried on the portable engine: try it now, as the only engine there is
  return loadVersion(files, source, { ...rest, engine: 'portable' });
}
