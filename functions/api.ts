// The api function: every TF Serving REST route behind one HTTP API (greedy /v1/models/{proxy+} routes),
// answered by lib/api over the per-container CachingManager. Wiring happens once, here, at module scope.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorJson, handleRestRequest } from '../lib/api/index.ts';
import { budgetFromMemoryMb, CachingManager, type ModelProvider, prestartEngine } from '../lib/loader/index.ts';
import { ServingError } from '../lib/errors/index.ts';
import { handleWithForwarding, type HeavyTarget, httpHeavyTarget } from '../lib/forward/index.ts';
import { openModelStore, s3HttpStoreFromEnv } from '../lib/registry/index.ts';
import { emfLine } from './emf.ts';
import { functionHeavyTarget } from './heavy-function.ts';
import { modelsUrl, readFunctionEnv } from './env.ts';
import { httpResultOf, isRestResponse, restRequestOf } from './http-event.ts';
import { keepWarmMiddleware } from './middleware/keep-warm.ts';

const started = performance.now();
const ENV = readFunctionEnv();
const url = modelsUrl(ENV);
let coldStart = true;

/** The provider every invocation of this container shares (null without MODELS_BUCKET: every request says so). */
const manager = url
  ? new CachingManager({
      // Lambda's environment carries the role's credentials: read S3 without the AWS SDK (its import is a third
      // of the bundle's start-up: BENCHMARKS.md, cold start); the SDK store only where they are missing.
      store: (url.startsWith('s3://') ? s3HttpStoreFromEnv(url, process.env) : undefined) ?? openModelStore(url),
      manifestTtlMs: ENV.manifestTtlMs,
      budgetBytes: budgetFromMemoryMb(ENV.memoryMb),
      load: { engine: ENV.engine },
      metrics: (e) => console.log(emfLine(e)),
    })
  : null;

// Compile the wasm backend while the first request reads the manifest and the model's files from S3.
if (manager) prestartEngine({ engine: ENV.engine });
/** Where heavy versions (manifest target 'heavy') are answered: the container service's URL, else the heavy function. */
const heavyTarget: HeavyTarget | undefined = ENV.heavyTargetUrl
  ? httpHeavyTarget(ENV.heavyTargetUrl, { timeoutMs: ENV.heavyTimeoutMs })
  : ENV.heavyFunctionName ? functionHeavyTarget(ENV.heavyFunctionName) : undefined;

const unconfigured: ModelProvider = {
  acquire: () => Promise.reject(new ServingError('UNAVAILABLE', 'MODELS_BUCKET is not set for the api function')),
  status: () => Promise.reject(new ServingError('UNAVAILABLE', 'MODELS_BUCKET is not set for the api function')),
};

/** True once per container: its first invocation, which also logs the cold start (module load → first event). */
function takeColdStart(): boolean {
  if (!coldStart) return false;
  coldStart = false;
  console.log(emfLine({ kind: 'cold_start', ms: Math.round(performance.now() - started) }));
  return true;
}

async function answer(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  takeColdStart();
  const request = restRequestOf(event);
  if (isRestResponse(request)) return httpResultOf(request);
  if (request.method === 'GET' && request.path === '/healthz') return httpResultOf({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status": "ok"}' });
  return httpResultOf(manager ? await handleWithForwarding(request, manager, heavyTarget) : await handleRestRequest(request, unconfigured));
}

export const handler = middy(answer, {
  // Answer DEADLINE_EXCEEDED (504) before Lambda's own timeout kills the invocation without a body.
  timeoutEarlyInMillis: ENV.timeoutEarlyMs,
  timeoutEarlyResponse: () => ({ statusCode: 504, headers: { 'Content-Type': 'application/json' }, body: errorJson('Request did not finish before the function timeout') }),
}).use(
  keepWarmMiddleware(
    { preload: (models) => (manager ? manager.preload(models) : Promise.resolve({ failed: models.map((model) => ({ model, error: new Error('MODELS_BUCKET is not set') })), forwarded: [] })) },
    ENV.hotModels,
    takeColdStart,
  ),
);
