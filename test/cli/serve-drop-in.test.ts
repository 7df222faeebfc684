// `tf-serverless serve` started with the flags TF Serving's own test harness passes: gRPC on a Unix socket,
// --grpc_channel_arguments, ports that cannot be bound, a base path with no versions, an unparsable config,
// config reload (file polling and ModelService.HandleReloadConfigRequest), and the log line format.
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_SERVICE, MODEL_SERVICE_NAME, PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { eventually, type ServeProcess, startServe } from '../helpers/serve-process.ts';

const exec = promisify(execFile);
const running: ServeProcess[] = [];
const listeners: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(listeners.splice(0).map((l) => new Promise((r) => l.close(r))));
});

async function serve(...args: string[]): Promise<ServeProcess> {
  const p = await startServe(['--rest_api_port=0', '--host=127.0.0.1', ...args]);
  running.push(p);
  return p;
}

/** A bound listener holding `port` (0 = any) or a Unix socket path, for "address already in use". */
async function occupy(where: number | string): Promise<number> {
  const server = createServer();
  listeners.push(server);
  await new Promise<void>((resolve) => (typeof where === 'string' ? server.listen(where, resolve) : server.listen(where, '0.0.0.0', resolve)));
  return typeof where === 'string' ? 0 : (server.address() as { port: number }).port;
}

type Call = (method: string, request: object) => Promise<any>;
function grpcClients(address: string): { prediction: Call; model: Call; close(): void } {
  const Prediction = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);
  const Model = grpc.makeGenericClientConstructor(MODEL_SERVICE, MODEL_SERVICE_NAME);
  const clients = [new Prediction(address, grpc.credentials.createInsecure()), new Model(address, grpc.credentials.createInsecure())];
  const caller = (client: grpc.Client): Call => (method, request) =>
    new Promise((resolve, reject) => (client as unknown as Record<string, Function>)[method](request, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
  return { prediction: caller(clients[0]), model: caller(clients[1]), close: () => clients.forEach((c) => c.close()) };
}

const PREDICT = { model_spec: { name: 'hpt' }, inputs: { x: { dtype: 1, tensor_shape: { dim: [{ size: 3 }] }, float_val: [1, 2, 5] } } };
const refuse = (args: string[]) => exec(process.execPath, [join(REPO_ROOT, 'bin/tf-serverless.js'), 'serve', ...args], { timeout: 30_000 }).then(() => undefined, (e) => e);
const hptBase = () => {
  const base = tempBase();
  copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
  return base;
};

/** Starts `serve` on the Unix socket `socket` and checks a Predict over it answers half_plus_two's values. */
async function expectServedOnSocket(socket: string): Promise<void> {
  await serve('--port=0', `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`, '--model_name=hpt');
  const c = grpcClients(`unix:${socket}`);
  try {
    expect((await c.prediction('Predict', PREDICT)).outputs.y.float_val).toEqual([2.5, 3, 4.5]);
  } finally {
    c.close();
  }
}

describe('gRPC on a Unix socket (--grpc_socket_path)', () => {
  it('answers a grpc-js client over the socket with no TCP gRPC port', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    const p = await serve('--port=0', `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`, '--model_name=hpt');
    expect(p.output()).toContain(`Running gRPC ModelServer at UNIX socket ${socket}`);
    expect(p.output()).not.toMatch(/Running gRPC ModelServer at 127/);
    const c = grpcClients(`unix:${socket}`);
    try {
      expect((await c.prediction('Predict', PREDICT)).outputs.y.float_val).toEqual([2.5, 3, 4.5]);
      expect((await c.model('GetModelStatus', { model_spec: { name: 'hpt' } })).model_version_status[0].state).toBe(30);
    } finally {
      c.close();
    }
  });

  it('serves the TCP --port and the socket together', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    const port = await occupy(0);
    await new Promise((r) => listeners.pop()!.close(r)); // a free port number
    const p = await serve(`--port=${port}`, `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`, '--model_name=hpt');
    for (const address of [`127.0.0.1:${port}`, `unix:${socket}`]) {
      const c = grpcClients(address);
      try {
        expect((await c.prediction('Predict', PREDICT)).outputs.y.float_val).toEqual([2.5, 3, 4.5]);
      } finally {
        c.close();
      }
    }
    expect(p.output()).toContain(`Running gRPC ModelServer at 127.0.0.1:${port}`);
  });

  it('replaces a stale socket file left by a killed server', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    await exec(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]).catch(() => undefined);
    expect(existsSync(socket)).toBe(true);
    await expectServedOnSocket(socket);
  });

  it('applies the channel arguments grpc-js has and names the ones it ignores', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    const p = await serve('--port=0', `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`, '--model_name=hpt',
      '--grpc_channel_arguments=grpc.max_receive_message_length=64,grpc.optimization_target=throughput');
    expect(p.output()).toMatch(/--grpc_channel_arguments: grpc-js has no equivalent of grpc\.optimization_target; ignored/);
    const c = grpcClients(`unix:${socket}`);
    try {
      const big = { model_spec: { name: 'hpt' }, inputs: { x: { dtype: 1, tensor_shape: { dim: [{ size: 64 }] }, float_val: Array(64).fill(1) } } };
      const e = await c.prediction('Predict', big).catch((err) => err);
      expect(e.code).toBe(grpc.status.RESOURCE_EXHAUSTED); // 256+ bytes of floats: over the applied 64-byte limit
      expect((await c.prediction('Predict', PREDICT)).outputs.y.float_val).toEqual([2.5, 3, 4.5]); // a small one still fits
    } finally {
      c.close();
    }
  });
});

describe('clean failures', () => {
  it.each([
    ['the gRPC --port', (port: number) => [`--port=${port}`, '--rest_api_port=0'], (port: number) => `--port=${port}: cannot listen on 0.0.0.0:${port}: address already in use`],
    ['the --rest_api_port', (port: number) => ['--port=0', `--rest_api_port=${port}`], (port: number) => `--rest_api_port=${port}: cannot listen on 0.0.0.0:${port}: address already in use`],
  ])('a taken %s: one line naming flag and port, exit 1, no process left', async (_what, flags, line) => {
    const port = await occupy(0);
    const started = Date.now();
    const e = await refuse([...flags(port), `--model_base_path=${hptBase()}`]);
    expect(e.code).toBe(1); // exec resolved: the process exited by itself
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(e.stderr.trim()).toBe(`tf-serverless serve: UNAVAILABLE: ${line(port)}`);
  });

  it('takes over a socket path another server listens on, like gRPC C-core (TF Serving\'s harness relies on it)', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    await occupy(socket);
    await expectServedOnSocket(socket);
  });

  it('a --grpc_socket_path taken by something that is not a socket: one line naming it, exit 1', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    writeFileSync(socket, 'not a socket');
    const e = await refuse(['--port=0', '--rest_api_port=0', `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`]);
    expect(e.code).toBe(1);
    expect(e.stderr.trim()).toMatch(new RegExp(`^tf-serverless serve: UNAVAILABLE: --grpc_socket_path=${socket}: cannot listen on unix:${socket}: `));
    expect(e.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(socket, 'utf8')).toBe('not a socket');
  });

  it('words an unparsable config file like TF Serving', async () => {
    const config = join(tempBase(), 'models.config');
    writeFileSync(config, 'model_config_list { config { name: "a" base_pth: "/x" } }');
    const e = await refuse([`--model_config_file=${config}`]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('Error parsing text-format tensorflow.serving.ModelServerConfig: ');
    expect(e.stderr).toContain('has no field named "base_pth"');
    expect(e.stderr).toContain(`Invalid protobuf file: '${config}'`);
  });

  it.each([
    ['a base path with no version directory', (_versioned: string, empty: string) => empty, /No versions of servable m found under base path .*\. Did you forget to name your leaf directory as a number \(eg\. '\/1\/'\)\?/],
    ['a version directory given as the base path', (versioned: string) => join(versioned, '7'), /No versions of servable m found under base path .*\/7\. The base path looks like a version directory \(7\); give its parent, .*, as the base path\./],
  ])('logs TF Serving\'s "No versions of servable" for %s', async (_what, path, message) => {
    const versioned = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(versioned, '7'));
    const p = await serve('--port=0', `--model_base_path=${path(versioned, tempBase())}`, '--model_name=m');
    expect(p.output()).toMatch(message);
    expect(p.output()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}: W tf-serverless\] No versions of servable m/m);
  });

  it('ends on SIGINT like on SIGTERM', async () => {
    const p = await serve('--port=0', `--model_base_path=${hptBase()}`);
    expect(await p.stop('SIGINT')).toBe(0);
    expect(p.output()).toMatch(/SIGINT: finishing in-flight requests and shutting down/);
  });
});

describe('log lines', () => {
  it('puts a TF-style timestamp and level on every line', async () => {
    const p = await serve('--port=0', `--model_base_path=${hptBase()}`, '--flush_filesystem_caches');
    await p.stop('SIGTERM');
    const lines = p.output().trim().split('\n').filter((l) => l !== 'stopped');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}: [IWE] tf-serverless\] /);
    expect(lines.some((l) => /: W tf-serverless\] ignoring TF Serving flags with no effect here: --flush_filesystem_caches/.test(l))).toBe(true);
  });

  it('writes one JSON object per line with --log_format=json', async () => {
    const p = await serve('--port=0', `--model_base_path=${hptBase()}`, '--log_format=json');
    await p.stop('SIGTERM');
    const lines = p.output().trim().split('\n').filter((l) => l !== 'stopped');
    const records = lines.map((l) => JSON.parse(l));
    for (const r of records) expect(Object.keys(r).slice(0, 3)).toEqual(['time', 'level', 'message']);
    expect(records.some((r) => r.level === 'info' && /^Successfully loaded servable version \{name: default version: 1\}/.test(r.message))).toBe(true);
  });

  it('logs every REST request and gRPC call with its request id under --access_log', async () => {
    const socket = join(tempBase('tfs-sock-'), 'tf.sock');
    const p = await serve('--port=0', `--grpc_socket_path=${socket}`, `--model_base_path=${hptBase()}`, '--model_name=hpt', '--access_log');
    const ok = await fetch(`${p.url}/v1/models/hpt:predict`, { method: 'POST', body: '{"instances": [1.0]}', headers: { 'X-Request-Id': 'req-42' } });
    expect(ok.headers.get('x-request-id')).toBe('req-42');
    const missing = await fetch(`${p.url}/v1/models/nope:predict`, { method: 'POST', body: '{"instances": [1.0]}' });
    expect(missing.status).toBe(404);
    const missingId = missing.headers.get('x-request-id')!;
    expect(missingId).toMatch(/^[0-9a-f-]{36}$/);
    const c = grpcClients(`unix:${socket}`);
    await c.model('GetModelStatus', { model_spec: { name: 'nope' } }).catch(() => undefined);
    c.close();
    await eventually(async () => /gRPC GetModelStatus NOT_FOUND/.test(p.output()));
    expect(p.output()).toMatch(/: I tf-serverless\] POST \/v1\/models\/hpt:predict 200 [\d.]+ms \S+ request_id=req-42\n/);
    expect(p.output()).toContain(`POST /v1/models/nope:predict 404 `);
    expect(p.output()).toMatch(new RegExp(`nope:predict 404 [\\d.]+ms \\S+ request_id=${missingId}\n`));
    expect(p.output()).toMatch(/: I tf-serverless\] gRPC GetModelStatus NOT_FOUND [\d.]+ms request_id=[0-9a-f-]{36}\n/);
  });
});
