// The REST server bounds the bytes of bodies held at once, all requests together (issue 10: 16 parallel
// 30 MB bodies grew RSS by 1.4 GB): a body that does not fit is 429 with Retry-After, and the budget is
// given back when an answer is sent. A refused body is read and dropped, so the client sees the 429.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManager } from '../../lib/loader/index.ts';
import { type RestServer, startRestServer } from '../../lib/server/index.ts';
import { bundledModels } from '../api/rest-cases.ts';

let manager: ModelManager;
let server: RestServer;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  manager = await bundledModels();
  server = await startRestServer({ provider: manager, port: 0, host: '127.0.0.1', maxBodyBytes: 48 * 1024, maxInflightBodyBytes: LIMIT });
});
afterAll(async () => {
  await server.close();
  await manager.close();
});

/** Starts a POST that sends `first` bytes now; `finish()` sends the rest. */
function slowPost(total: number, first: number) {
  const req = request(`${server.url}/v1/models/half_plus_two:predict`, { method: 'POST', headers: { 'Content-Length': total } });
  const answer = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
  const text = `{"instances": [${Array(Math.floor((total - 20) / 4)).fill('1.0').join(',')}]}`.padEnd(total, ' ');
  req.write(text.slice(0, first));
  return { answer, finish: () => req.end(text.slice(first)) };
}

describe('in-flight body budget', () => {
  it('answers 429 to a body that does not fit beside the ones in flight, and frees the budget after each answer', async () => {
    const a = slowPost(40 * 1024, 1024);
    await new Promise((r) => setTimeout(r, 100));
    const b = slowPost(40 * 1024, 1024);
    b.finish(); // read to its end and dropped: the client gets the 429, not a reset
    const refused = await b.answer;
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.body).error).toContain(`limit of ${LIMIT} bytes`);
    a.finish();
    expect((await a.answer).status).toBe(200);
    const c = slowPost(40 * 1024, 1024);
    c.finish();
    expect((await c.answer).status).toBe(200);
  });
});
