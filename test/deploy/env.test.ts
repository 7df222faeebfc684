// functions/env.ts (the functions' one environment reader) and functions/keep-warm-event.ts.
import { describe, expect, it } from 'vitest';
import { modelsUrl, readFunctionEnv } from '../../functions/env.ts';
import { isKeepWarmEvent, keepWarmEvent } from '../../functions/keep-warm-event.ts';
import { httpApiEvent } from '../helpers/apigw-event.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

describe('readFunctionEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(readFunctionEnv({})).toEqual({
      modelsBucket: undefined,
      modelsDir: undefined,
      modelsPrefix: 'models',
      hotModels: [],
      manifestTtlMs: 1000,
      engine: 'portable',
      timeoutEarlyMs: 500,
      apiFunctionName: undefined,
      warmerFunctionName: undefined,
      warmerConcurrency: 1,
      heavyTargetUrl: undefined,
      heavyFunctionName: undefined,
      heavyTimeoutMs: 30000,
      memoryMb: 1024,
    });
  });

  it('reads what serverless.yml sets, trimming lists and the prefix', () => {
    const env = readFunctionEnv({
      MODELS_BUCKET: 'my-models', MODELS_PREFIX: '/serving/models/', HOT_MODELS: ' digits, ,half_plus_two ', MANIFEST_TTL_MS: '5000',
      MODEL_ENGINE: 'native', TIMEOUT_EARLY_MS: '250', API_FUNCTION_NAME: 'svc-dev-api', WARMER_FUNCTION_NAME: 'svc-dev-warmer',
      WARMER_CONCURRENCY: '4', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
      HEAVY_TARGET_URL: 'http://heavy.internal:8501', HEAVY_FUNCTION_NAME: '', HEAVY_TIMEOUT_MS: '60000',
    });
    expect(env).toEqual({
      modelsBucket: 'my-models', modelsDir: undefined, modelsPrefix: 'serving/models', hotModels: ['digits', 'half_plus_two'], manifestTtlMs: 5000,
      engine: 'native', timeoutEarlyMs: 250, apiFunctionName: 'svc-dev-api', warmerFunctionName: 'svc-dev-warmer',
      warmerConcurrency: 4, memoryMb: 1769,
      heavyTargetUrl: 'http://heavy.internal:8501', heavyFunctionName: undefined, heavyTimeoutMs: 60000,
    });
    expect(modelsUrl(env)).toBe('s3://my-models/serving/models');
  });

  it('treats an empty MODELS_BUCKET as unset (no models URL)', () => {
    expect(modelsUrl(readFunctionEnv({ MODELS_BUCKET: ' ' }))).toBeUndefined();
    expect(modelsUrl(readFunctionEnv({ MODELS_BUCKET: 'b', MODELS_PREFIX: '/' }))).toBe('s3://b');
  });

  it('serves a local registry directory instead of the bucket when MODELS_DIR is set (serverless offline)', () => {
    expect(modelsUrl(readFunctionEnv({ MODELS_BUCKET: 'b', MODELS_DIR: ' /tmp/registry ' }))).toBe('/tmp/registry');
    expect(modelsUrl(readFunctionEnv({ MODELS_DIR: '' }))).toBeUndefined();
  });

  it.each([
    ['a non-numeric TTL', { MANIFEST_TTL_MS: '1s' }, 'MANIFEST_TTL_MS must be an integer in 0..86400000, got "1s"'],
    ['a negative TTL', { MANIFEST_TTL_MS: '-1' }, 'MANIFEST_TTL_MS must be an integer'],
    ['a warmer concurrency of 0', { WARMER_CONCURRENCY: '0' }, 'WARMER_CONCURRENCY must be an integer in 1..100'],
    ['a fractional memory size', { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769.5' }, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE must be an integer'],
    ['an unknown engine', { MODEL_ENGINE: 'gpu' }, 'MODEL_ENGINE must be portable, native or auto, got "gpu"'],
  ])('refuses %s, naming the variable', (_scenario, env, message) => {
    const e = servingErrorOf(() => readFunctionEnv(env));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(message);
  });
});

describe('warm-up events', () => {
  it('tells a warm-up event from an API Gateway event', () => {
    expect(isKeepWarmEvent(keepWarmEvent(['digits']))).toBe(true);
    expect(isKeepWarmEvent({ warmer: 'yes' })).toBe(false);
    expect(isKeepWarmEvent(httpApiEvent('GET', '/healthz'))).toBe(false);
    expect(isKeepWarmEvent(null)).toBe(false);
  });

  it('copies the model list into the event', () => {
    const models = ['digits'];
    const event = keepWarmEvent(models);
    models.push('other');
    expect(event).toEqual({ warmer: true, models: ['digits'] });
  });
});
