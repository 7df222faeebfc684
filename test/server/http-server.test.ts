// lib/server over real HTTP on loopback: the REST contract table through a socket, plus what only a server
// has (body limit, health, readiness, metrics, keep-alive, graceful close).
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManager } from '../../lib/loader/index.ts';
import { type RestServer, startRestServer } from '../../lib/server/index.ts';
import { bundledModels, expectAnswer, REST_CASES } from '../api/rest-cases.ts';

let manager: ModelManager;
let server: RestServer;
let ready = false;

beforeAll(async () => {
  manager = await bundledModels();
  server = await startRestServer({ provider: manager, port: 0, host: '127.0.0.1', maxBodyBytes: 4096, isReady: () => ready });
});
afterAll(async () => {
  await server.close();
  await manager.close();
});

describe('REST over HTTP', () => {
  it.each(REST_CASES.map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const res = await fetch(server.url + c.path, { method: c.method, body: c.method === 'GET' || c.method === 'DELETE' ? undefined : (c.body ?? '') });
    expectAnswer(c, res.status, res.headers.get('content-type') ?? undefined, await res.text());
  });
});

describe('the server around it', () => {
  it('answers /healthz while alive and /readyz only once ready', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
  });

  it('refuses a body over the limit with 413, by Content-Length and while streaming', async () => {
    const big = `{"instances": [${Array(2000).fill('1.0').join(',')}]}`;
    const res = await fetch(`${server.url}/v1/models/half_plus_two:predict`, { method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than the limit of 4096 bytes/);
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/v1/models/half_plus_two:predict`, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 1000, (i + 1) * 1000));
      req.end();
    });
    expect(chunked.status).toBe(413);
  });

  it('releases the body bytes of clients that go away mid-body, so later bodies are not refused with 429', async () => {
    // Five bodies of 4000 declared bytes pass the 16384 bytes allowed in flight (4 × maxBodyBytes) unless the
    // reservations of the abandoned ones are released.
    const sockets = await Promise.all(Array.from({ length: 5 }, () => new Promise<ReturnType<typeof connect>>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"instances": [');
        resolve(socket);
      });
    })));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // the server has read those requests' headers by now
    await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.destroy().once('close', resolve))));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/v1/models/half_plus_two:predict`, { method: 'POST', body: '{"instances": [1.0]}'.padEnd(4000, ' ') });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ predictions: [2.5] });
    }
  });

  it('keeps connections alive between requests', async () => {
    const res = await fetch(`${server.url}/v1/models/half_plus_two`);
    expect(res.headers.get('connection')).toBe('keep-alive');
    expect(res.headers.get('keep-alive')).toMatch(/timeout=\d+/);
  });

  it('answers unknown paths outside /v1/ with a JSON 404', async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('counts requests for Prometheus', async () => {
    await fetch(`${server.url}/v1/models/half_plus_two:predict`, { method: 'POST', body: '{"instances": [1.0]}' });
    const text = await (await fetch(`${server.url}/monitoring/prometheus/metrics`)).text();
    expect(text).toMatch(/tf_serverless_requests_total\{model="half_plus_two",api="predict",code="200"\} \d+/);
  });

  it('finishes an in-flight request when closed, then refuses new connections', async () => {
    const other = await startRestServer({ provider: manager, port: 0, host: '127.0.0.1' });
    const inflight = fetch(`${other.url}/v1/models/digits:predict`, { method: 'POST', body: `{"instances": [[${Array(64).fill('1.0').join(',')}]]}` });
    await new Promise((r) => setTimeout(r, 5));
    const closed = other.close();
    expect((await inflight).status).toBe(200);
    await closed;
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });
});
