// The one typed reader of the Lambda functions' environment (STYLE.md §9): every function reads it once, at
// module scope. serverless.yml sets these variables; a missing one takes the default given here.
import { ServingError } from '../lib/errors/index.ts';

export type EngineChoice = 'portable' | 'native' | 'auto';

export interface FunctionEnv {
  /** MODELS_BUCKET: the bucket holding the models. No default: undefined when unset. */
  modelsBucket: string | undefined;
  /**
   * MODELS_DIR: a local registry directory (`<dir>/<model>/manifest.json` + versions) served instead of the
   * bucket: `serverless offline --param modelsDir=…` sets it. undefined when unset.
   */
  modelsDir: string | undefined;
  /** MODELS_PREFIX: key prefix of the model directories, without leading/trailing '/'. Default 'models'. */
  modelsPrefix: string;
  /** HOT_MODELS: comma-separated model names a warm-up loads before answering. Default none. */
  hotModels: string[];
  /** MANIFEST_TTL_MS: how long a manifest read is trusted before revalidation, ms. Default 1000. */
  manifestTtlMs: number;
  /** MODEL_ENGINE: 'portable' (TensorFlow.js wasm), 'native' (tfjs-node) or 'auto'. Default 'portable'. */
  engine: EngineChoice;
  /** TIMEOUT_EARLY_MS: answer DEADLINE_EXCEEDED this long before Lambda's own timeout, ms. Default 500. */
  timeoutEarlyMs: number;
  /** API_FUNCTION_NAME: the api function the warmer and rollout invoke. undefined when unset. */
  apiFunctionName: string | undefined;
  /** WARMER_FUNCTION_NAME: the warmer function rollout invokes after publishing a version. undefined when unset. */
  warmerFunctionName: string | undefined;
  /** WARMER_CONCURRENCY: default number of concurrent warm-up invocations, 1–100. Default 1. */
  warmerConcurrency: number;
  /** HEAVY_TARGET_URL: base URL of the heavy container service (http(s)://host:8501) the api forwards heavy versions to. */
  heavyTargetUrl: string | undefined;
  /** HEAVY_FUNCTION_NAME: the heavy Lambda function the api invokes for heavy versions (when no HEAVY_TARGET_URL). */
  heavyFunctionName: string | undefined;
  /** HEAVY_TIMEOUT_MS: how long the api waits for the heavy target's answer, ms. Default 30000. */
  heavyTimeoutMs: number;
  /** AWS_LAMBDA_FUNCTION_MEMORY_SIZE (set by Lambda): the function's memory, MB. Default 1024 outside Lambda. */
  memoryMb: number;
}

export const WARMER_MAX_CONCURRENCY = 100;

/** MODELS_DIR when set, else `s3://bucket/prefix` for the configured models, or undefined without either. */
export function modelsUrl(env: FunctionEnv): string | undefined {
  if (env.modelsDir) return env.modelsDir;
  if (!env.modelsBucket) return undefined;
  return `s3://${env.modelsBucket}${env.modelsPrefix ? `/${env.modelsPrefix}` : ''}`;
}

/**
 * Reads and checks the variables; a malformed value throws INVALID_ARGUMENT naming the variable.
 * @example const ENV = readFunctionEnv(); // at module scope in functions/*.ts
 */
export function readFunctionEnv(env: NodeJS.ProcessEnv = process.env): FunctionEnv {
  return {
    modelsBucket: text(env, 'MODELS_BUCKET'),
    modelsDir: text(env, 'MODELS_DIR'),
    modelsPrefix: (text(env, 'MODELS_PREFIX') ?? 'models').replace(/^\/+|\/+$/g, ''),
    hotModels: list(env, 'HOT_MODELS'),
    manifestTtlMs: integer(env, 'MANIFEST_TTL_MS', 1000, 0, 86_400_000),
    engine: engine(env),
    timeoutEarlyMs: integer(env, 'TIMEOUT_EARLY_MS', 500, 0, 60_000),
    apiFunctionName: text(env, 'API_FUNCTION_NAME'),
    warmerFunctionName: text(env, 'WARMER_FUNCTION_NAME'),
    warmerConcurrency: integer(env, 'WARMER_CONCURRENCY', 1, 1, WARMER_MAX_CONCURRENCY),
    heavyTargetUrl: text(env, 'HEAVY_TARGET_URL'),
    heavyFunctionName: text(env, 'HEAVY_FUNCTION_NAME'),
    heavyTimeoutMs: integer(env, 'HEAVY_TIMEOUT_MS', 30_000, 1, 900_000),
    memoryMb: integer(env, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1024, 128, 10_240),
  };
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (text(env, name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ServingError('INVALID_ARGUMENT', `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function engine(env: NodeJS.ProcessEnv): EngineChoice {
  const raw = text(env, 'MODEL_ENGINE') ?? 'portable';
  if (raw === 'portable' || raw === 'native' || raw === 'auto') return raw;
  throw new ServingError('INVALID_ARGUMENT', `MODEL_ENGINE must be portable, native or auto, got ${JSON.stringify(raw)}`);
}
