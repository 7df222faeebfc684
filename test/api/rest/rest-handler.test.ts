// The REST contract table in-process: handleRestRequest over a real ModelManager, no sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRestRequest } from '../../../lib/api/index.ts';
import type { ModelManager } from '../../../lib/loader/index.ts';
import { bundledModels, expectAnswer, REST_CASES } from '../rest-cases.ts';

let manager: ModelManager;
beforeAll(async () => {
  manager = await bundledModels();
});
afterAll(() => manager.close());

describe('handleRestRequest', () => {
  it.each(REST_CASES.map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const answer = await handleRestRequest({ method: c.method, path: c.path, body: c.body ?? '' }, manager);
    expectAnswer(c, answer.status, answer.headers['Content-Type'], answer.body);
  });

  it('answers a path outside /v1/ with a JSON 404', async () => {
    const answer = await handleRestRequest({ method: 'GET', path: '/v2/models/x', body: '' }, manager);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).error).toBe('Not found: GET /v2/models/x');
  });

  it('takes the body as bytes too', async () => {
    const answer = await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body: new TextEncoder().encode('{"instances": [1.0]}') }, manager);
    expect(JSON.parse(answer.body)).toEqual({ predictions: [2.5] });
  });

  it('turns an unexpected exception into a 500 without its details', async () => {
    const seen: unknown[] = [];
    const broken = { acquire: () => Promise.reject(new TypeError('boom')), status: () => Promise.reject(new TypeError('boom')) };
    const answer = await handleRestRequest({ method: 'GET', path: '/v1/models/x', body: '' }, broken, { onInternalError: (e) => seen.push(e) });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error: 'Internal error' });
    expect(seen).toHaveLength(1);
  });

  it('logs an unexpected exception with a request id the client gets in X-Request-Id', async () => {
    const ids: string[] = [];
    const broken = { acquire: () => Promise.reject(new TypeError('boom')), status: () => Promise.reject(new TypeError('boom')) };
    const answer = await handleRestRequest({ method: 'GET', path: '/v1/models/x', body: '' }, broken, { onInternalError: (_e, _r, id) => ids.push(id) });
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['X-Request-Id']).toBe(ids[0]);
  });

  it('releases every handle it took, on success and on error', async () => {
    let out = 0;
    const counting = {
      status: manager.status.bind(manager),
      acquire: async (spec: Parameters<ModelManager['acquire']>[0]) => {
        const h = await manager.acquire(spec);
        out++;
        return { ...h, release: () => (out--, h.release()) };
      },
    };
    for (const c of REST_CASES) await handleRestRequest({ method: c.method, path: c.path, body: c.body ?? '' }, counting);
    expect(out).toBe(0);
  });
});
