// "Try the HTTP API locally" (README): `serverless offline start --param modelsDir=<registry>` (real HTTP, the
// api function bundled by serverless-esbuild, as osls 4 runs it) answers the README's routes and errors exactly
// as `tf-serverless serve` on the same models and as the deployed route (functions/api.ts fed API Gateway v2
// events): same status, same body.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModelStore } from '../../lib/registry/index.ts';
import { httpApiEvent, lambdaContext } from '../helpers/apigw-event.ts';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';
import { publishVersion } from '../helpers/published-models.ts';
import { startServe, type ServeProcess } from '../helpers/serve-process.ts';
import { REPO } from './package-run.ts';

const SERVICE_FILES = ['serverless.yml', 'package.json', 'tsconfig.json', 'functions', 'lib', 'scripts', 'infra'];
const SLS = join(REPO, 'node_modules', 'serverless', 'bin', 'serverless.js');

interface Answer { status: number; body: string }
type Case = [scenario: string, method: 'GET' | 'POST', path: string, body?: string];

// The README's curls, then errors a user meets first.
const CASES: Case[] = [
  ['predict', 'POST', '/v1/models/half_plus_two:predict', '{"instances": [1.0, 2.0, 5.0]}'],
  ['classify', 'POST', '/v1/models/half_plus_two:classify', '{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}, {"x": -3.5}]}'],
  ['regress', 'POST', '/v1/models/half_plus_two:regress', '{"signature_name": "regress_x_to_y", "examples": [{"x": 3.0}]}'],
  ['predict on a version', 'POST', '/v1/models/digits/versions/1:predict', JSON.stringify({ instances: [Array.from({ length: 64 }, (_, i) => (i % 16) / 16)] })],
  ['model status', 'GET', '/v1/models/half_plus_two'],
  ['version status', 'GET', '/v1/models/digits/versions/1'],
  ['metadata', 'GET', '/v1/models/digits/metadata'],
  ['an unknown model', 'GET', '/v1/models/nomodel'],
  ['predict on an unknown model', 'POST', '/v1/models/nomodel:predict', '{"instances": [1.0]}'],
  ['an unknown version', 'POST', '/v1/models/half_plus_two/versions/9:predict', '{"instances": [1.0]}'],
  ['malformed JSON', 'POST', '/v1/models/half_plus_two:predict', '{"instances": [1.0'],
  ['an unknown signature', 'POST', '/v1/models/half_plus_two:predict', '{"signature_name": "nope", "instances": [1.0]}'],
  ['a wrong input shape', 'POST', '/v1/models/digits:predict', '{"instances": [[1.0, 2.0]]}'],
  ['a malformed route', 'POST', '/v1/models/half_plus_two:explode', '{}'],
];

let root: string;
let offline: ChildProcess | undefined;
let offlineUrl: string;
let serve: ServeProcess | undefined;
let deployed: (event: ReturnType<typeof httpApiEvent>) => Promise<Answer>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tfs-local-api-'));
  const registry = join(root, 'registry');
  const store = openModelStore(registry);
  for (const model of ['half_plus_two', 'digits']) await publishVersion(store, model, 1n, join(BUNDLED_MODELS, model, '1'));

  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  [offline, serve] = await Promise.all([
    startOffline(join(root, 'service'), registry, httpPort, lambdaPort),
    startServe([`--model_config_file=${join(BUNDLED_MODELS, 'models.config')}`, '--rest_api_port=0', '--port=0', '--host=127.0.0.1'], { timeoutMs: 200_000 }),
  ]);
  offlineUrl = `http://127.0.0.1:${httpPort}`;

  process.env.MODELS_DIR = registry;
  const { handler } = await import('../../functions/api.ts');
  deployed = async (event) => {
    const r = (await handler(event, lambdaContext())) as { statusCode: number; body?: string };
    return { status: r.statusCode, body: r.body ?? '' };
  };
}, 240_000);

afterAll(async () => {
  delete process.env.MODELS_DIR;
  if (offline && offline.exitCode === null) {
    const exited = new Promise((resolve) => offline!.once('exit', resolve));
    offline.kill('SIGTERM');
    await exited;
  }
  await serve?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function over(url: string, method: string, path: string, body?: string): Promise<Answer> {
  const res = await fetch(url + path, { method, body, headers: body ? { 'Content-Type': 'application/json' } : {} });
  return { status: res.status, body: await res.text() };
}

describe('serverless offline (the local HTTP API) answers like serve and like the deployed route', () => {
  it('answers /healthz', async () => {
    expect(await over(offlineUrl, 'GET', '/healthz')).toEqual({ status: 200, body: '{"status": "ok"}' });
  });

  it.each(CASES)('%s: the same status and body', async (_scenario, method, path, body) => {
    const local = await over(offlineUrl, method, path, body);
    expect(local.status).toBeGreaterThanOrEqual(200);
    expect(await deployed(httpApiEvent(method, path, body))).toEqual(local);
    expect(await over(serve!.url, method, path, body)).toEqual(local);
  });

  it('gives the README\'s answers', async () => {
    expect(await over(offlineUrl, 'POST', CASES[0][2], CASES[0][3])).toEqual({ status: 200, body: '{"predictions":[2.5,3.0,4.5]}' });
    expect(await over(offlineUrl, 'POST', CASES[1][2], CASES[1][3])).toEqual({ status: 200, body: '{"results":[[["",2.5]],[["",0.25]]]}' });
    expect(await over(offlineUrl, 'POST', CASES[2][2], CASES[2][3])).toEqual({ status: 200, body: '{"results":[3.5]}' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

/**
 * `serverless offline start` in a copy of the service (its own .esbuild folder), offline credentials, ready once
 * it prints "Server ready" and /healthz answers.
 */
async function startOffline(service: string, registry: string, httpPort: number, lambdaPort: number): Promise<ChildProcess> {
  for (const name of SERVICE_FILES) cpSync(join(REPO, name), join(service, name), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(service, 'node_modules'), 'dir');
  const args = [SLS, 'offline', 'start', '--param', `modelsDir=${registry}`, '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--host', '127.0.0.1'];
  const env = {
    PATH: process.env.PATH ?? '', HOME: join(service, '..'), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off',
  };
  const child = spawn(process.execPath, args, { cwd: service, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not get ready:\n${out}`)), 200_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Server ready/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serverless offline exited with ${code}:\n${out}`));
    });
  });
  return child;
}
