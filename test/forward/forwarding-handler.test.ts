// handleWithForwarding over a fake provider and a recording target: which requests go to the heavy target, and
// what the client sees when there is no target or it cannot be reached.
import { describe, expect, it } from 'vitest';
import type { RestRequest, RestResponse } from '../../lib/api/index.ts';
import { ServingError } from '../../lib/errors/index.ts';
import { handleWithForwarding, type HeavyTarget, httpHeavyTarget, type TargetedProvider } from '../../lib/forward/index.ts';
import type { ModelSpec } from '../../lib/loader/index.ts';

const provider: TargetedProvider = {
  targetOf: async (spec: ModelSpec) => (spec.name === 'big' ? 'heavy' : undefined),
  acquire: () => Promise.reject(new ServingError('NOT_FOUND', 'Servable not found for request: Latest(small)')),
  status: async () => [{ version: 1n, state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' }],
};

function recordingTarget(answer: RestResponse): HeavyTarget & { seen: RestRequest[] } {
  const seen: RestRequest[] = [];
  return { name: 'fake', seen, forward: async (r) => (seen.push(r), answer) };
}

const ANSWER: RestResponse = { status: 400, headers: { 'content-type': 'application/json', 'x-from': 'heavy' }, body: '{ "error": "from the heavy target" }' };

describe('handleWithForwarding', () => {
  it.each([
    ['POST', '/v1/models/big:predict'],
    ['POST', '/v1/models/big/versions/3:classify'],
    ['POST', '/v1/models/big/labels/stable:regress'],
    ['GET', '/v1/models/big/metadata'],
  ])('forwards %s %s for a heavy version and returns the answer unchanged', async (method, path) => {
    const target = recordingTarget(ANSWER);
    const request = { method, path, headers: { 'content-type': 'application/json' }, body: '{"instances": [1]}' };
    expect(await handleWithForwarding(request, provider, target)).toBe(ANSWER);
    expect(target.seen).toEqual([request]);
  });

  it('answers model status from the manifest, never forwarding it', async () => {
    const target = recordingTarget(ANSWER);
    const r = await handleWithForwarding({ method: 'GET', path: '/v1/models/big', body: '' }, provider, target);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).model_version_status[0].state).toBe('AVAILABLE');
    expect(target.seen).toEqual([]);
  });

  it('answers requests for versions served here itself', async () => {
    const target = recordingTarget(ANSWER);
    const r = await handleWithForwarding({ method: 'POST', path: '/v1/models/small:predict', body: '{"instances": [1]}' }, provider, target);
    expect(r.status).toBe(404);
    expect(target.seen).toEqual([]);
  });

  it('answers UNAVAILABLE (503) for a heavy version when no heavy target is configured', async () => {
    const r = await handleWithForwarding({ method: 'POST', path: '/v1/models/big:predict', body: '{}' }, provider, undefined);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).error).toMatch(/served by the heavy target, and no heavy target is configured \(HEAVY_TARGET_URL or HEAVY_FUNCTION_NAME\)/);
  });

  it('answers 503 naming the target when it cannot be reached', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const target = httpHeavyTarget('http://127.0.0.1:9/', { fetch: refused });
    const r = await handleWithForwarding({ method: 'POST', path: '/v1/models/big:predict', body: '{}' }, provider, target);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).error).toBe('the heavy target http://127.0.0.1:9 did not answer: fetch failed');
  });
});
