// `npm run bench -- forward`: what forwarding a heavy version costs the api function (issue 15). One run measures,
// interleaved on the same heavy target (`tf-serverless serve` as a child process on loopback, half_plus_two):
//   direct     a client's POST straight to the target's REST port (the baseline)
//   forwarded  the api function's path for a version whose manifest says target 'heavy': route parse, manifest
//              lookup (CachingManager, warm), then the same POST through lib/forward's HTTP target
//   local      the api answering a version it serves itself (portable engine in process), for scale
// The overhead is forwarded − direct. Set TF_SERVERLESS_TFJS_NODE to make the target use the native engine.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleRestRequest } from '../lib/api/index.ts';
import { handleWithForwarding, httpHeavyTarget } from '../lib/forward/index.ts';
import { CachingManager } from '../lib/loader/index.ts';
import { LocalModelStore, updateManifest } from '../lib/registry/index.ts';
import { sha256Hex } from '../lib/rollout/index.ts';
import { readModelDir } from '../lib/savedmodel/index.ts';
import { percentile } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_FORWARD_RUNS ?? 300);
const BODY = '{"instances": [1.0, 2.0, 5.0]}';

async function startTarget(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tf-serverless.js'), 'serve', '--rest_api_port=0', '--host=127.0.0.1', '--model_name=half_plus_two',
    `--model_base_path=${join(ROOT, 'models/half_plus_two')}`, `--engine=${process.env.TF_SERVERLESS_TFJS_NODE ? 'native' : 'portable'}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && /Serving |Successfully loaded/.test(out)) resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

/** A local registry where `half_plus_two` v1 is heavy and `half_plus_two_local` v1 is served by the api itself. */
async function registry(): Promise<LocalModelStore> {
  const store = new LocalModelStore({ root: mkdtempSync(join(tmpdir(), 'bench-forward-')) });
  const files = await readModelDir(join(ROOT, 'models/half_plus_two/1'));
  for (const [model, heavy] of [['half_plus_two', true], ['half_plus_two_local', false]] as const) {
    const listed: { path: string; size: number; sha256: string }[] = [];
    for (const path of files.paths()) {
      await store.writeFile(model, '1', path, files.get(path)!);
      listed.push({ path, size: files.get(path)!.byteLength, sha256: sha256Hex(files.get(path)!) });
    }
    await updateManifest(store, model, (m) => {
      m.versions.set(1n, { dirName: '1', state: 'AVAILABLE', files: listed, publishedAt: new Date().toISOString(), ...(heavy ? { target: 'heavy' as const } : {}) });
      return m;
    });
  }
  return store;
}

const row = (name: string, xs: number[], base?: number[]) => {
  const p = (q: number) => percentile(xs, q).toFixed(3);
  const over = base ? (percentile(xs, 50) - percentile(base, 50)).toFixed(3) : '–';
  return `| ${name} | ${p(50)} | ${p(90)} | ${p(99)} | ${over} |`;
};

export async function benchForward(): Promise<string> {
  const target = await startTarget();
  try {
    const manager = new CachingManager({ store: await registry(), manifestTtlMs: 60_000, budgetBytes: 256 * 1024 * 1024 });
    const heavy = httpHeavyTarget(target.url);
    const request = (model: string) => ({ method: 'POST', path: `/v1/models/${model}:predict`, headers: { 'content-type': 'application/json' }, body: BODY });
    const direct = async () => (await fetch(`${target.url}/v1/models/half_plus_two:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })).text();
    const forwarded = async () => (await handleWithForwarding(request('half_plus_two'), manager, heavy)).body;
    const local = async () => (await handleRestRequest(request('half_plus_two_local'), manager)).body;
    const want = await direct();
    for (const f of [forwarded, local]) if ((await f()) !== want) throw new Error(`answers differ: ${await f()} vs ${want}`);
    const times: Record<string, number[]> = { direct: [], forwarded: [], local: [] };
    const fns = { direct, forwarded, local };
    for (let i = 0; i < 30; i++) for (const f of Object.values(fns)) await f(); // warm-up
    for (let i = 0; i < RUNS; i++) {
      for (const [name, f] of Object.entries(fns)) {
        const t0 = performance.now();
        await f();
        times[name].push(performance.now() - t0);
      }
    }
    manager.close();
    return [
      `${RUNS} sequential predicts of half_plus_two per path, interleaved; heavy target engine: ${process.env.TF_SERVERLESS_TFJS_NODE ? 'native' : 'portable'}; loopback HTTP.`,
      '',
      '| path | p50 ms | p90 ms | p99 ms | p50 over direct ms |',
      '|---|---:|---:|---:|---:|',
      row('direct (client → heavy target)', times.direct),
      row('forwarded (api → heavy target)', times.forwarded, times.direct),
      row('local (api, portable engine in process)', times.local),
    ].join('\n');
  } finally {
    target.stop();
  }
}
