// The rollout function: S3 ObjectCreated events (direct, or S3 notifications delivered through SQS) under the
// models prefix → validate each named version once and publish it in the model's manifest (lib/rollout), then
// ask the warmer to pre-load what changed. Per-model options come from `<prefix>/<model>/rollout.json`
// (a RolloutConfig: autoLabels, policy, requiredSignatures, engine), read by lib/rollout once per model and
// event, exactly as `push --publish` reads it. Thin: no logic here.
import middy from '@middy/core';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { ServingError } from '../lib/errors/index.ts';
import { type ModelStore, openModelStore } from '../lib/registry/index.ts';
import { eventsToVersions, type RolloutResult, rolloutVersions } from '../lib/rollout/index.ts';
import { modelsUrl, readFunctionEnv } from './env.ts';
import type { LambdaInvoker } from './warmer.ts';
import { keepWarmEvent } from './keep-warm-event.ts';

export { ROLLOUT_CONFIG_DOCUMENT } from '../lib/rollout/index.ts';

export interface RolloutFunctionOptions {
  store: ModelStore;
  /** Key prefix of the model directories (MODELS_PREFIX). */
  prefix: string;
  /** The warmer to invoke (asynchronously) after a publish; none: no pre-loading. */
  warmerFunctionName?: string;
  client?: LambdaInvoker;
}

export interface RolloutSummary {
  results: (Omit<RolloutResult, 'version'> & { version: string })[];
}

/** The handler with its store and Lambda client injected (tests run it against moto). */
export function createRolloutHandler(options: RolloutFunctionOptions) {
  return middy<unknown, RolloutSummary>(async (event: unknown, context: Context) => {
    const results = await rolloutVersions(options.store, eventsToVersions(event, options.prefix), { validatedBy: context?.awsRequestId });
    const published = [...new Set(results.filter((r) => r.state === 'AVAILABLE').map((r) => r.model))];
    if (published.length && options.warmerFunctionName) {
      const client = options.client ?? new LambdaClient({});
      const payload = new TextEncoder().encode(JSON.stringify({ ...keepWarmEvent(published), concurrency: 1 }));
      await client.send(new InvokeCommand({ FunctionName: options.warmerFunctionName, InvocationType: 'Event', Payload: payload }));
    }
    for (const r of results) console.log(JSON.stringify({ rollout: r.state, model: r.model, version: String(r.version), reason: r.reason }));
    return { results: results.map((r) => ({ ...r, version: String(r.version) })) };
  });
}

const ENV = readFunctionEnv();
const url = modelsUrl(ENV);

export const handler = url
  ? createRolloutHandler({ store: openModelStore(url), prefix: ENV.modelsPrefix, warmerFunctionName: ENV.warmerFunctionName })
  : middy(async () => {
      throw new ServingError('FAILED_PRECONDITION', 'MODELS_BUCKET is not set for the rollout function');
    });
