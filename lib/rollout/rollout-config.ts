// A model's rollout configuration: how rollout validates a new version, which labels follow new
// versions, the version policy to record, and where the model is meant to run (kept for later issues).
// It is the document `<model>/rollout.json` beside the manifest, read here for every caller (the rollout
// function and `push --publish` alike).
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import type { BackendName } from '../engine/index.ts';
import type { HeavyThresholds } from '../loader/index.ts';
import { checkLabel, type ModelStore, type VersionPolicy } from '../registry/index.ts';

/** How an automatic label moves. 'latest': it points at the highest AVAILABLE version after every publish. */
export type AutoLabelRule = 'latest';

export interface RolloutConfig {
  /** Engine that validates the version (and will serve it): 'portable' (default), 'native' or 'auto'. */
  engine?: 'portable' | 'native' | 'auto';
  /** Portable engine backend: 'wasm' (default) or 'cpu'. */
  backend?: BackendName;
  /** MetaGraph tag set to load. Default ['serve']. */
  tags?: string[];
  /** Signature keys that must exist, e.g. ['serving_default']. Default: none (at least one signature is always required). */
  requiredSignatures?: string[];
  /** Labels that follow new versions, e.g. { canary: 'latest' }. `stable` should move only by explicit command. Default {}. */
  autoLabels?: Record<string, AutoLabelRule>;
  /** Version policy recorded in the manifest on publish. Default: leave the manifest's policy as it is. */
  policy?: VersionPolicy;
  /** (later) Where the model is served: the Lambda function or the GPU container target. Default 'lambda'. */
  target?: 'lambda' | 'gpu';
  /** (later) Memory of the function that serves the model, MB (128–10240). Default: the api function's. */
  memoryMb?: number;
  /** Files read from the store at once while validating. Integer 1–64. Default 8. */
  readConcurrency?: number;
  /**
   * Automatic target choice (issue 15), portable engine only: when present, a version the portable engine refuses,
   * cannot run completely, or runs over these thresholds is published with target 'heavy' (the api function
   * forwards its requests to the heavy target) instead of FAILED / with unavailable signatures. Default: absent.
   * @example { "heavy": { "maxModelBytes": 200000000, "maxWarmupMs": 10000 } }
   */
  heavy?: HeavyThresholds;
}

const KEYS = new Set(['engine', 'backend', 'tags', 'requiredSignatures', 'autoLabels', 'policy', 'target', 'memoryMb', 'readConcurrency', 'heavy']);
const HEAVY_KEYS = new Set(['maxModelBytes', 'maxWarmupMs']);

/** Throws INVALID_ARGUMENT for unknown keys and out-of-range values (STYLE.md §9); returns the config. */
export function checkRolloutConfig(config: RolloutConfig): RolloutConfig {
  const bad = (problem: string): never => {
    throw new ServingError('INVALID_ARGUMENT', `RolloutConfig: ${problem}`);
  };
  checkOptionKeys(config, KEYS, 'RolloutConfig');
  if (config.engine !== undefined && !['portable', 'native', 'auto'].includes(config.engine)) bad('engine must be portable, native or auto');
  if (config.backend !== undefined && !['wasm', 'cpu'].includes(config.backend)) bad('backend must be wasm or cpu');
  if (config.tags !== undefined && (!Array.isArray(config.tags) || config.tags.length === 0)) bad('tags must be a non-empty array');
  if (config.requiredSignatures !== undefined && !Array.isArray(config.requiredSignatures)) bad('requiredSignatures must be an array');
  for (const [label, rule] of Object.entries(config.autoLabels ?? {})) {
    checkLabel(label);
    if (rule !== 'latest') bad(`autoLabels.${label} must be 'latest'`);
  }
  if (config.target !== undefined && config.target !== 'lambda' && config.target !== 'gpu') bad('target must be lambda or gpu');
  const mb = config.memoryMb;
  if (mb !== undefined && (!Number.isInteger(mb) || mb < 128 || mb > 10240)) bad('memoryMb must be an integer in 128..10240');
  const rc = config.readConcurrency;
  if (rc !== undefined && (!Number.isInteger(rc) || rc < 1 || rc > 64)) bad('readConcurrency must be an integer in 1..64');
  if (config.heavy !== undefined) {
    if (typeof config.heavy !== 'object' || config.heavy === null || Array.isArray(config.heavy)) bad('heavy must be an object');
    checkOptionKeys(config.heavy, HEAVY_KEYS, 'RolloutConfig.heavy');
    for (const key of HEAVY_KEYS) {
      const v = (config.heavy as Record<string, unknown>)[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) bad(`heavy.${key} must be a non-negative integer`);
    }
    if ((config.engine ?? 'portable') !== 'portable') bad('heavy applies to the portable engine only (engine must be portable)');
  }
  return config;
}

/** The per-model rollout options document beside manifest.json. */
export const ROLLOUT_CONFIG_DOCUMENT = 'rollout.json';

const utf8 = new TextDecoder();

/**
 * The model's `rollout.json`, checked; {} when it has none. A malformed one is INVALID_ARGUMENT naming it.
 * @example await readRolloutConfig(store, 'digits')  // { autoLabels: { canary: 'latest' } }
 */
export async function readRolloutConfig(store: ModelStore, model: string): Promise<RolloutConfig> {
  const doc = await store.readDocument(model, ROLLOUT_CONFIG_DOCUMENT);
  if (!doc || doc === 'not-modified') return {};
  try {
    return checkRolloutConfig(JSON.parse(utf8.decode(doc.body)) as RolloutConfig);
  } catch (e) {
    throw new ServingError('INVALID_ARGUMENT', `${model}/${ROLLOUT_CONFIG_DOCUMENT}: ${(e as Error).message}`, { cause: e });
  }
}
