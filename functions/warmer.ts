// The warmer function: on its schedule, invokes the `api` function N times concurrently with a KeepWarmEvent,
// so that N containers are up with their hot models loaded (DESIGN.md §1 "A keep-warm"). Thin: no lib logic.
import middy from '@middy/core';
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { checkOptionKeys, ServingError } from '../lib/errors/index.ts';
import { readFunctionEnv, WARMER_MAX_CONCURRENCY } from './env.ts';
import { keepWarmEvent, type WarmerInput, type KeepWarmReply } from './keep-warm-event.ts';

/** The one Lambda call the warmer makes; LambdaClient satisfies it, tests pass a recording fake. */
export interface LambdaInvoker {
  send(command: InvokeCommand): Promise<InvokeCommandOutput>;
}

export interface WarmerOptions {
  /** Name or ARN of the api function. Required. */
  functionName: string;
  /** The Lambda client. Default: a LambdaClient with the SDK's standard configuration. */
  client?: LambdaInvoker;
  /** Concurrent invocations when the schedule input names none, 1–100. Default 1. */
  concurrency?: number;
}

/** What one warm-up round did; the warmer's return value (visible in its logs and test invocations). */
export interface WarmerSummary {
  functionName: string;
  /** Invocations sent. */
  invoked: number;
  /** Invocations that came back with a KeepWarmReply. */
  warmed: number;
  /** Of those, containers that started for this warm-up. */
  coldStarts: number;
  /** Invocations that failed (the call itself, a function error, or a reply that is not a KeepWarmReply). */
  failed: number;
  /** The distinct failure messages, at most 10. */
  errors: string[];
  /** Models named in the warm-up event ([] = the api's HOT_MODELS). */
  models: string[];
  /** Models some container could not load, with the first reason seen. */
  failedModels: { model: string; message: string }[];
}

const OPTION_KEYS = new Set(['functionName', 'client', 'concurrency']);
const MAX_ERRORS = 10;

/**
 * The warmer's handler, with its Lambda client injected.
 * @example
 * const handler = createWarmerHandler({ functionName: 'tf-serverless-dev-api', client: new LambdaClient({}) });
 * await handler({ warmer: true, concurrency: 3, models: ['digits'] }, context);
 */
export function createWarmerHandler(options: WarmerOptions) {
  checkOptionKeys(options, OPTION_KEYS, 'warmer');
  if (!options.functionName) throw new ServingError('INVALID_ARGUMENT', 'warmer: functionName is required (API_FUNCTION_NAME)');
  const defaultConcurrency = checkConcurrency(options.concurrency ?? 1);
  const client = options.client ?? new LambdaClient({});
  return middy<unknown, WarmerSummary>(async (event: unknown) => {
    const input = readInput(event);
    return warm(client, options.functionName, input.concurrency ?? defaultConcurrency, input.models ?? []);
  });
}

/** Reads the schedule input; an event without `warmer: true` (a bare EventBridge event) means the defaults. */
function readInput(event: unknown): Partial<WarmerInput> {
  if (typeof event !== 'object' || event === null || (event as { warmer?: unknown }).warmer !== true) return {};
  const { concurrency, models } = event as { concurrency?: unknown; models?: unknown };
  if (concurrency !== undefined && typeof concurrency !== 'number') {
    throw new ServingError('INVALID_ARGUMENT', `warmer: concurrency must be a number, got ${JSON.stringify(concurrency)}`);
  }
  if (models !== undefined && !(Array.isArray(models) && models.every((m) => typeof m === 'string'))) {
    throw new ServingError('INVALID_ARGUMENT', `warmer: models must be an array of model names, got ${JSON.stringify(models)}`);
  }
  return { concurrency: concurrency === undefined ? undefined : checkConcurrency(concurrency), models };
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > WARMER_MAX_CONCURRENCY) {
    throw new ServingError('INVALID_ARGUMENT', `warmer: concurrency must be an integer in 1..${WARMER_MAX_CONCURRENCY}, got ${n}`);
  }
  return n;
}

async function warm(client: LambdaInvoker, functionName: string, concurrency: number, models: string[]): Promise<WarmerSummary> {
  const payload = new TextEncoder().encode(JSON.stringify(keepWarmEvent(models)));
  // All N calls are in flight together: synchronous invocations that overlap each hold their own container.
  const outcomes = await Promise.all(Array.from({ length: concurrency }, () => invokeOnce(client, functionName, payload)));
  const summary: WarmerSummary = { functionName, invoked: concurrency, warmed: 0, coldStarts: 0, failed: 0, errors: [], models, failedModels: [] };
  for (const outcome of outcomes) {
    if (typeof outcome === 'string') {
      summary.failed += 1;
      if (!summary.errors.includes(outcome) && summary.errors.length < MAX_ERRORS) summary.errors.push(outcome);
      continue;
    }
    summary.warmed += 1;
    if (outcome.coldStart) summary.coldStarts += 1;
    for (const f of outcome.failed) {
      if (!summary.failedModels.some((seen) => seen.model === f.model)) summary.failedModels.push(f);
    }
  }
  return summary;
}

/** A KeepWarmReply, or the failure's message. */
async function invokeOnce(client: LambdaInvoker, functionName: string, payload: Uint8Array): Promise<KeepWarmReply | string> {
  let out: InvokeCommandOutput;
  try {
    out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: payload }));
  } catch (e) {
    return `invoke failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (out.FunctionError) {
    const message = (body as { errorMessage?: unknown } | undefined)?.errorMessage;
    return `function error (${out.FunctionError}): ${typeof message === 'string' ? message : text.slice(0, 200)}`;
  }
  if (!isWarmupReply(body)) return `not a warm-up reply: ${text.slice(0, 200)}`;
  return body;
}

function isWarmupReply(body: unknown): body is KeepWarmReply {
  const r = body as Partial<KeepWarmReply> | undefined;
  return typeof r === 'object' && r !== null && r.warmed === true && Array.isArray(r.failed);
}

// Wiring, once per container (STYLE.md §5). API_FUNCTION_NAME comes from serverless.yml.
const ENV = readFunctionEnv();
export const handler = createWarmerHandler({ functionName: ENV.apiFunctionName ?? '', concurrency: ENV.warmerConcurrency });
