// `serve --workers=2`: two server processes share the REST and gRPC ports; the Prometheus page sums both
// workers; HandleReloadConfigRequest reaches both; SIGTERM ends every process; a taken port is one line.
import * as grpc from '@grpc/grpc-js';
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_SERVICE, MODEL_SERVICE_NAME, PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { eventually, type ServeProcess, startServe } from '../helpers/serve-process.ts';

const exec = promisify(execFile);
/** Both workers said "Serving" (under load a worker's start takes tens of seconds). */
const BOTH_SERVING = /Serving[^\n]*worker=1[\s\S]*Serving[^\n]*worker=2|Serving[^\n]*worker=2[\s\S]*Serving[^\n]*worker=1/;

/** One request on its own connection, so the cluster's round robin spreads them over the workers. */
function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The server worker processes of `pid` (tsx's esbuild service is a child too). */
const workerPids = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)]).toString().split('\n').filter((l) => l.includes('tf-serverless.js')).map((l) => Number(l.trim().split(' ')[0]));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('serve --workers=2', () => {
  let p: ServeProcess;
  let base: string;
  let grpcPort: number;
  let socket: string;

  beforeAll(async () => {
    base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, 'a', '1'));
    copyVersion(HALF_PLUS_TWO_V1, join(base, 'b', '1'));
    const config = join(base, 'models.config');
    writeFileSync(config, `model_config_list { config { name: "a" base_path: "${join(base, 'a')}" } }`);
    const held = createServer();
    grpcPort = await new Promise<number>((resolve) => held.listen(0, '127.0.0.1', () => resolve((held.address() as { port: number }).port)));
    await new Promise((r) => held.close(r));
    socket = join(tempBase('tfs-sock-'), 'tf.sock');
    const args = ['--workers=2', '--rest_api_port=0', `--port=${grpcPort}`, `--grpc_socket_path=${socket}`, '--host=127.0.0.1', `--model_config_file=${config}`];
    p = await startServe(args, { readyLine: BOTH_SERVING, timeoutMs: 150_000 });
  }, 160_000);
  afterAll(async () => {
    if (p && p.child.exitCode === null) await p.stop('SIGKILL');
  });

  it('answers from both workers on one port and sums their counts on the Prometheus page', async () => {
    expect(p.output()).toMatch(/Starting 2 server workers on the same ports/);
    // The REST port is the same for both (port 0 is chosen once by the primary).
    const ports = [...p.output().matchAll(/Exporting HTTP\/REST API at:[^\s:]+:(\d+) \.\.\. worker=\d/g)].map((m) => m[1]);
    expect(ports).toHaveLength(2);
    expect(new Set(ports).size).toBe(1);
    for (let i = 0; i < 10; i++) expect((await post(`${p.url}/v1/models/a:predict`, '{"instances": [1.0]}')).text).toContain('2.5');
    expect((await post(`${p.url}/v1/models/nope:predict`, '{"instances": [1.0]}')).status).toBe(404);
    // Whichever worker answers the scrape, it shows both workers' requests: 10 OK, 1 NOT_FOUND, 2 loads.
    for (let i = 0; i < 4; i++) {
      const res = await new Promise<string>((resolve, reject) => request(`${p.url}/monitoring/prometheus/metrics`, { agent: false }, (r) => {
        let t = '';
        r.on('data', (d: Buffer) => (t += d.toString()));
        r.on('end', () => resolve(t));
      }).on('error', reject).end());
      const families = parsePrometheusTextFormat(res);
      const count = families.find((f) => f.name === ':tensorflow:serving:request_count')!.metrics;
      expect(count).toEqual(expect.arrayContaining([
        { labels: { model_name: 'a', status: 'OK' }, value: '10' },
        { labels: { model_name: 'nope', status: 'NOT_FOUND' }, value: '1' },
      ]));
      const loads = families.find((f) => f.name === ':tensorflow:cc:saved_model:load_attempt_count')!.metrics;
      expect(loads).toEqual([{ labels: { model_path: join(base, 'a', '1'), status: 'success' }, value: '2' }]);
    }
  });

  it('serves gRPC Predict on the shared Unix socket', async () => {
    const Prediction = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);
    for (let i = 0; i < 3; i++) {
      const client = new Prediction(`unix:${socket}`, grpc.credentials.createInsecure());
      const request = { model_spec: { name: 'a' }, inputs: { x: { dtype: 1, tensor_shape: { dim: [{ size: 1 }] }, float_val: [3] } } };
      const reply = await new Promise<{ outputs: { y: { float_val: number[] } } }>((resolve, reject) =>
        (client as unknown as Record<string, Function>).Predict(request, (e: Error | null, r: never) => (e ? reject(e) : resolve(r))));
      client.close();
      expect(reply.outputs.y.float_val).toEqual([3.5]);
    }
  });

  it('replaces a worker that dies while serving', async () => {
    const [victim] = workerPids(p.child.pid!);
    process.kill(victim, 'SIGKILL');
    await eventually(async () => /Server worker \d+ exited \(SIGKILL\); starting another/.test(p.output()), 10_000);
    // The replacement (worker 3) loads the models and serves beside the survivor.
    await eventually(async () => /Serving[^\n]*worker=3/.test(p.output()), 120_000, 500);
    expect(workerPids(p.child.pid!)).toHaveLength(2);
    for (let i = 0; i < 6; i++) expect((await post(`${p.url}/v1/models/a:predict`, '{"instances": [1.0]}')).status).toBe(200);
  }, 150_000);

  it('applies HandleReloadConfigRequest on every worker', async () => {
    const Model = grpc.makeGenericClientConstructor(MODEL_SERVICE, MODEL_SERVICE_NAME);
    const client = new Model(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    const config = { model_config_list: { config: [{ name: 'a', base_path: join(base, 'a') }, { name: 'b', base_path: join(base, 'b') }] } };
    const reply = await new Promise<{ status?: { error_code?: number } }>((resolve, reject) =>
      (client as unknown as Record<string, Function>).HandleReloadConfigRequest({ config }, (e: Error | null, r: never) => (e ? reject(e) : resolve(r))));
    client.close();
    expect(reply.status?.error_code ?? 0).toBe(0);
    // The worker that got the call answered once it applied it; the other one loads b shortly after.
    await eventually(async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(`${p.url}/v1/models/b:predict`, '{"instances": [1.0]}')));
      return answers.every((a) => a.status === 200);
    }, 60_000, 500);
    await eventually(async () => (p.output().match(/Successfully loaded servable version \{name: b version: 1\}/g) ?? []).length === 2, 30_000);
    // The counts above included the worker that was replaced; from here the page sums the two live workers.
  }, 90_000);

  it('gives a worker started after HandleReloadConfigRequest the reloaded models', async () => {
    const [victim] = workerPids(p.child.pid!);
    process.kill(victim, 'SIGKILL');
    // Worker 4 starts from the flags (only a) and is given the reloaded config (a and b) once it listens.
    await eventually(async () => /Successfully loaded servable version \{name: b version: 1\}[^\n]*worker=4/.test(p.output()), 150_000, 500);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(`${p.url}/v1/models/b:predict`, '{"instances": [1.0]}')));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  }, 180_000);

  it('ends the primary and every worker on one SIGTERM', async () => {
    const workers = workerPids(p.child.pid!);
    expect(workers).toHaveLength(2);
    expect(await p.stop('SIGTERM')).toBe(0);
    expect(p.output()).toMatch(/SIGTERM: asking 2 server workers to finish in-flight requests and stop/);
    // Two of workers 2–4 by now (workers were replaced above): each drains on the primary's word.
    expect(p.output().match(/SIGTERM: finishing in-flight requests and shutting down[^\n]*worker=\d/g)).toHaveLength(2);
    await eventually(async () => workers.every((w) => !alive(w)), 10_000);
  }, 60_000);
});

describe('serve --workers=2 with a taken port', () => {
  let held: Server;
  afterAll(() => new Promise((r) => held.close(r)));

  it('fails in one line naming the flag, exit 1, nothing left running', async () => {
    held = createServer();
    const port = await new Promise<number>((resolve) => held.listen(0, '0.0.0.0', () => resolve((held.address() as { port: number }).port)));
    const e = await exec(process.execPath, [join(REPO_ROOT, 'bin/tf-serverless.js'), 'serve', '--workers=2', `--rest_api_port=${port}`, '--port=0', `--model_base_path=${join(tempBase(), 'x')}`], { timeout: 120_000 }).then(() => undefined, (err) => err);
    expect(e?.code).toBe(1);
    expect(e.stderr.trim()).toMatch(new RegExp(`^tf-serverless serve: UNAVAILABLE: --rest_api_port=${port}: cannot listen on 0.0.0.0:${port}: address already in use`));
    expect(e.stderr.trim().split('\n')).toHaveLength(1);
  }, 130_000);
});
