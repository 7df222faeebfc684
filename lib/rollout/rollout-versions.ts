// The one way into a rollout for its callers: each version with its model's rollout.json, read once per model
// per call. functions/rollout.ts (S3 events) and `tf-serverless push --publish` both come through here, so they
// publish the same thing (autoLabels, policy, requiredSignatures, engine).
import type { ModelStore } from '../registry/index.ts';
import { readRolloutConfig, type RolloutConfig } from './rollout-config.ts';
import { rolloutVersion, type RolloutOptions, type RolloutResult } from './rollout-version.ts';

/** A version directory of a model (e.g. from an S3 event, or push's destination). */
export interface VersionDir {
  model: string;
  dirName: string;
}

/**
 * Validates and publishes each version in order, with its model's rollout.json (read once per model).
 * @example await rolloutVersions(store, [{ model: 'digits', dirName: '3' }], { validatedBy: 'req-1' })  // [{ state: 'AVAILABLE', … }]
 */
export async function rolloutVersions(
  store: ModelStore, versions: readonly VersionDir[], options: Omit<RolloutOptions, 'config'> = {},
): Promise<RolloutResult[]> {
  const configs = new Map<string, RolloutConfig>();
  const results: RolloutResult[] = [];
  for (const { model, dirName } of versions) {
    let config = configs.get(model);
    if (!config) configs.set(model, (config = await readRolloutConfig(store, model)));
    results.push(await rolloutVersion(store, model, dirName, { ...options, config }));
  }
  return results;
}
