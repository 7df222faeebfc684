// The server's log line format (TF's "YYYY-MM-DD HH:MM:SS.uuuuuu: L source] message", or JSON) and the request id
// on a REST internal error's log line matching the X-Request-Id the client got.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { PREDICTION_SERVICE, PREDICTION_SERVICE_NAME, startGrpcServer } from '../../lib/grpc/index.ts';
import type { ModelProvider } from '../../lib/loader/index.ts';
import { formatLogLine, type RestServer, routeConsoleToLog, startRestServer } from '../../lib/server/index.ts';

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

describe('multi-line messages and library output', () => {
  const at = new Date('2026-12-06T03:11:36.123Z');

  it('puts the prefix and the fields on every line of a stack, dropping blank lines', () => {
    const text = formatLogLine('glog', 'error', 'internal error: TypeError: x\n    at f (a.ts:1)\n\n    at g (b.ts:2)', at, { request_id: 'r1' });
    expect(text.split('\n')).toEqual([
      '2026-12-06 03:11:36.123000: E tf-serverless] internal error: TypeError: x request_id=r1',
      '2026-12-06 03:11:36.123000: E tf-serverless]     at f (a.ts:1) request_id=r1',
      '2026-12-06 03:11:36.123000: E tf-serverless]     at g (b.ts:2) request_id=r1',
    ]);
    expect(formatLogLine('json', 'error', 'a\nb', at).split('\n')).toHaveLength(1);
  });

  it('routes console output through the log by level, and puts console back', () => {
    const lines: [string, string | undefined][] = [];
    const saved = console.warn;
    const undo = routeConsoleToLog((message, level) => lines.push([message, level]));
    try {
      console.log('loaded %d models', 2);
      console.warn('Platform node has already been set.');
      console.error(new Error('boom').message);
    } finally {
      undo();
    }
    expect(console.warn).toBe(saved);
    expect(lines).toEqual([['loaded 2 models', 'info'], ['Platform node has already been set.', 'warning'], ['boom', 'error']]);
  });
});

describe('gRPC internal errors', () => {
  it('reports the error and the access line under the client\'s x-request-id', async () => {
    const provider = { acquire: () => Promise.reject(new TypeError('a bug')), status: () => Promise.reject(new TypeError('a bug')) } as unknown as ModelProvider;
    const internal: string[] = [];
    const calls: string[] = [];
    const server = await startGrpcServer({
      provider, port: 0, host: '127.0.0.1',
      onInternalError: (_e, method, id) => internal.push(`${method} ${id}`),
      onCall: (method, code, _ms, id) => calls.push(`${method} ${code} ${id}`),
    });
    const Prediction = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);
    const client = new Prediction(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const metadata = new grpc.Metadata();
      metadata.set('x-request-id', 'req-7');
      const error = await new Promise<grpc.ServiceError>((resolve) =>
        (client as unknown as Record<string, Function>).Predict({ model_spec: { name: 'm' }, inputs: {} }, metadata, (e: grpc.ServiceError) => resolve(e)));
      expect(error.code).toBe(grpc.status.INTERNAL);
      expect(internal).toEqual(['Predict req-7']);
      expect(calls).toEqual([`Predict ${grpc.status.INTERNAL} req-7`]);
    } finally {
      client.close();
      await server.close();
    }
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
