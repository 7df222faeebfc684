// `npm run bench -- workers`: requests/s of `tf-serverless serve --workers=1` vs `--workers=2` (issue 12 item 6),
// same models, same requests, one command, so the ratio is measured under the same machine load. The server runs
// in its own process tree; autocannon runs here, bounded (BENCH_HTTP_SECONDS per cell, default 10), on 127.0.0.1.
// Requests: half_plus_two (the REST path itself), the digits MLP at batch 32, and a tiny BERT classifier from the
// zoo (a graph of ~200 ops per request: engine-bound, where a second core should show).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 16;

const DIGITS_ROW = `[${Array.from({ length: 64 }, (_, i) => ((i * 7) % 17 / 16).toFixed(4)).join(', ')}]`;
const TARGETS = [
  { label: 'half_plus_two predict (3 values)', path: '/v1/models/half_plus_two:predict', body: '{"instances": [1.0, 2.0, 5.0]}' },
  { label: 'digits MLP predict (batch 32)', path: '/v1/models/digits:predict', body: `{"instances": [${Array(32).fill(DIGITS_ROW).join(', ')}]}` },
  { label: 'bert_classifier predict (1 sentence)', path: '/v1/models/bert_classifier:predict', body: '{"instances":[{"input_ids":[24,26,38,0,0,0,0,0],"attention_mask":[1,1,1,0,0,0,0,0]}]}' },
];

function modelsConfig(): string {
  const models = { half_plus_two: join(ROOT, 'models/half_plus_two'), digits: join(ROOT, 'models/digits'), bert_classifier: join(ROOT, 'test/fixtures/zoo/transformer/bert_classifier') };
  const file = join(mkdtempSync(join(tmpdir(), 'bench-workers-')), 'models.config');
  writeFileSync(file, `model_config_list {\n${Object.entries(models).map(([name, path]) => `  config { name: "${name}" base_path: "${path}" }`).join('\n')}\n}\n`);
  return file;
}

/** Starts `serve --workers=N` and resolves once every worker said "Serving". */
async function startServer(config: string, workers: number): Promise<{ url: string; stop(): Promise<void> }> {
  const args = ['serve', `--model_config_file=${config}`, '--rest_api_port=0', '--port=0', '--host=127.0.0.1', `--workers=${workers}`];
  const child = spawn(process.execPath, [join(ROOT, 'bin/tf-serverless.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && (out.match(/\] Serving /g) ?? []).length >= workers) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function run(url: string, t: (typeof TARGETS)[number], duration: number): Promise<autocannon.Result> {
  return autocannon({ url: url + t.path, method: 'POST', body: t.body, headers: { 'content-type': 'application/json' }, connections: CONNECTIONS, duration });
}

const ROUNDS = 2;

export async function benchWorkers(): Promise<string> {
  const config = modelsConfig();
  // Both servers run for the whole bench (an idle one costs nothing) and their runs alternate, round by round,
  // so that a change in the machine's background load hits both columns alike.
  const servers = new Map([[1, await startServer(config, 1)], [2, await startServer(config, 2)]]);
  const results = new Map<string, autocannon.Result[]>();
  try {
    for (const t of TARGETS) {
      for (const [, server] of servers) await run(server.url, t, 2); // warm-up, discarded
      for (let round = 0; round < ROUNDS; round++) {
        for (const [workers, server] of servers) {
          const key = `${t.label}/${workers}`;
          results.set(key, [...(results.get(key) ?? []), await run(server.url, t, DURATION_S)]);
        }
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  }
  const mean = (rs: autocannon.Result[], pick: (r: autocannon.Result) => number) => rs.reduce((sum, r) => sum + pick(r), 0) / rs.length;
  const rows = ['| request | workers | req/s | p50 ms | p99 ms | errors | req/s ÷ 1 worker |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const t of TARGETS) {
    const one = mean(results.get(`${t.label}/1`)!, (r) => r.requests.average);
    for (const workers of servers.keys()) {
      const rs = results.get(`${t.label}/${workers}`)!;
      const rps = mean(rs, (r) => r.requests.average);
      const errors = rs.reduce((n, r) => n + r.errors + r.non2xx + r.timeouts, 0);
      rows.push(`| ${t.label} | ${workers} | ${Math.round(rps)} | ${mean(rs, (r) => r.latency.p50).toFixed(0)} | ${mean(rs, (r) => r.latency.p99).toFixed(0)} | ${errors} | ${(rps / one).toFixed(2)} |`);
    }
  }
  const cpus = (await import('node:os')).availableParallelism();
  return `${rows.join('\n')}\n\nEach row: the mean of ${ROUNDS} autocannon runs of ${DURATION_S} s (${CONNECTIONS} connections, after a 2 s warm-up) on 127.0.0.1 against \`tf-serverless serve --workers=N\` (portable engine, wasm backend); the 1- and 2-worker servers run side by side and their runs alternate. The client runs on the same machine (${cpus} CPUs).`;
}
