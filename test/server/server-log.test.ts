// The server's log line format (TF's "YYYY-MM-DD HH:MM:SS.uuuuuu: L source] message", or JSON) and the request id
// on a REST internal error's log line matching the X-Request-Id the client got.
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../lib/loader/index.ts';
import { formatLogLine, type RestServer, startRestServer } from '../../lib/server/index.ts';

describe('formatLogLine', () => {
  const at = new Date('2026-12-06T03:11:36.123Z');
  it.each([
    ['info', 'I'],
    ['warning', 'W'],
    ['error', 'E'],
  ] as const)('writes %s as TF\'s %s line', (level, letter) => {
    expect(formatLogLine('glog', level, 'hello', at)).toBe(`2026-12-06 03:11:36.123000: ${letter} tf-serverless] hello`);
  });

  it('appends fields as key=value, or merges them into the JSON record', () => {
    expect(formatLogLine('glog', 'error', 'boom', at, { request_id: 'r1' })).toBe('2026-12-06 03:11:36.123000: E tf-serverless] boom request_id=r1');
    expect(JSON.parse(formatLogLine('json', 'error', 'boom', at, { request_id: 'r1' }))).toEqual({ time: '2026-12-06T03:11:36.123Z', level: 'error', message: 'boom', request_id: 'r1' });
  });
});

describe('REST internal errors', () => {
  let server: RestServer | undefined;
  afterEach(async () => server?.close());

  it('logs the error with the request id the client got in X-Request-Id', async () => {
    const lines: { message: string; level?: string; fields?: Record<string, unknown> }[] = [];
    const provider = { acquire: () => Promise.reject(new TypeError('a bug')), status: () => Promise.reject(new TypeError('a bug')) } as unknown as ModelProvider;
    server = await startRestServer({ provider, port: 0, host: '127.0.0.1', log: (message, level, fields) => lines.push({ message, level, fields }) });
    const res = await fetch(`${server.url}/v1/models/m`);
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', fields: { request_id: id } });
    expect(lines[0].message).toMatch(/^internal error on GET \/v1\/models\/m: TypeError: a bug/);
  });
});
