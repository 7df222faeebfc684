// Big REST bodies are decoded in a worker thread (issue 10 item 4): the event loop keeps answering while a
// malformed 16 MB body is parsed, and every REST case gives the same answer, byte for byte, when its body is
// decoded in the worker instead of on the event loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../lib/api/json/json-parse.ts';
import type { ModelManager } from '../../lib/loader/index.ts';
import { type RestServer, startRestServer } from '../../lib/server/index.ts';
import { bundledModels, expectAnswer, REST_CASES } from '../api/rest-cases.ts';
import { worstTimerLag } from '../helpers/event-loop-lag.ts';

let manager: ModelManager;
let everyBody: RestServer;
let bigBodies: RestServer;

beforeAll(async () => {
  manager = await bundledModels();
  everyBody = await startRestServer({ provider: manager, port: 0, host: '127.0.0.1', bodyWorkerMinBytes: 0 });
  bigBodies = await startRestServer({ provider: manager, port: 0, host: '127.0.0.1', maxBodyBytes: 64 << 20 });
}, 60_000);
afterAll(async () => {
  await everyBody.close();
  await bigBodies.close();
  await manager.close();
});

describe('bodies decoded in a worker thread', () => {
  it.each(REST_CASES.filter((c) => c.body !== undefined).map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const res = await fetch(everyBody.url + c.path, { method: c.method, body: c.body });
    expectAnswer(c, res.status, res.headers.get('content-type') ?? undefined, await res.text());
  });

  it('keeps the event loop answering while a 16 MB malformed body is parsed, and answers the parser\'s 400', async () => {
    // JSON.parse fails at the end, then the dialect parser builds ~4M values: seconds on the event loop.
    const body = `{"instances": [${Array(4_000_000).fill('1.0').join(',')}]x`;
    const { result: res, worstMs } = await worstTimerLag(async () => {
      const r = await fetch(`${bigBodies.url}/v1/models/half_plus_two:predict`, { method: 'POST', body });
      return { status: r.status, error: (await r.json()).error as string };
    });
    let expected = '';
    try {
      parseJson(body);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(res).toEqual({ status: 400, error: expected });
    expect(worstMs).toBeLessThan(1000);
  }, 120_000);

  it('answers a big valid body as the event loop does', async () => {
    const n = 300_000;
    const body = `{"instances": [${Array.from({ length: n }, (_, i) => `${i % 7}.5`).join(',')}]}`;
    const res = await fetch(`${bigBodies.url}/v1/models/half_plus_two:predict`, { method: 'POST', body });
    const { predictions } = (await res.json()) as { predictions: number[] };
    expect(predictions).toHaveLength(n);
    expect(predictions.slice(0, 8)).toEqual([2.25, 2.75, 3.25, 3.75, 4.25, 4.75, 5.25, 2.25]);
  }, 60_000);
});
