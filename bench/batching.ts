// `npm run bench -- batching`: server-side batching (--enable_batching) against the same server without it, side by
// side in one run: req/s and p50/p99 latency at concurrency 1/16/64 of batch-1 REST predicts, on an MLP and a CNN.
// Each server runs in its own process (`tf-serverless serve`, as users run it); autocannon drives it from here, on
// 127.0.0.1, each cell bounded by BENCH_BATCHING_SECONDS (default 5). Engine: --engine=portable|native (default portable).
// Models: bench/models/mlp_784_1024_1024_10 and bench/models/mobilenet_v2_96 (scripts/generate_bench_models.py, not
// committed) and the bundled models/digits; absent ones are skipped with a note.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_BATCHING_SECONDS ?? 5);
const CONCURRENCY = [1, 16, 64];
const ENGINE = process.argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length) ?? 'portable';
/**
 * TF Serving's CPU advice (batching/README.md): batch_timeout_micros 0, a large max_batch_size; one batch thread per
 * engine thread. BENCH_BATCHING_PARAMETERS replaces it (text-format BatchingParameters), e.g. with allowed_batch_sizes.
 */
const PARAMETERS = process.env.BENCH_BATCHING_PARAMETERS ??
  'max_batch_size { value: 64 }\nbatch_timeout_micros { value: 0 }\nmax_enqueued_batches { value: 1000 }\nnum_batch_threads { value: 1 }\n';

interface Model {
  label: string;
  base: string;
  /** One instance (row format), as JSON. */
  row: string;
}

const seeded = (n: number) => Array.from({ length: n }, (_, i) => (((i * 7919) % 1000) / 1000).toFixed(3));
const MODELS: Model[] = [
  { label: 'MLP 784-1024-1024-10', base: 'bench/models/mlp_784_1024_1024_10', row: `[${seeded(784).join(',')}]` },
  {
    label: 'CNN MobileNetV2 96x96x3', base: 'bench/models/mobilenet_v2_96',
    row: JSON.stringify(Array.from({ length: 96 }, (_, y) => Array.from({ length: 96 }, (_, x) => [0, 1, 2].map((c) => ((y * 31 + x * 17 + c * 7) % 100) / 100)))),
  },
  { label: 'digits MLP 64-…-10 (bundled)', base: 'models/digits', row: `[${seeded(64).join(',')}]` },
];

async function startServer(base: string, batching: boolean): Promise<{ url: string; stop(): Promise<void> }> {
  const args = ['serve', `--model_base_path=${join(ROOT, base)}`, '--model_name=m', '--rest_api_port=0', '--port=0', '--host=127.0.0.1', `--engine=${ENGINE}`, '--file_system_poll_wait_seconds=0'];
  if (batching) {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-batching-')), 'batching.txt');
    writeFileSync(file, PARAMETERS);
    args.push('--enable_batching', `--batching_parameters_file=${file}`);
  }
  const child = spawn(process.execPath, [join(ROOT, 'bin/tf-serverless.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && /\] Serving /.test(out)) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

function load(url: string, body: string, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: `${url}/v1/models/m:predict`, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, duration: seconds });
}

interface Cell {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Both servers up at once; per concurrency, off then on back to back, so load changes on the machine hit both alike. */
async function measure(m: Model): Promise<{ off: Map<number, Cell>; on: Map<number, Cell> }> {
  const servers = [await startServer(m.base, false), await startServer(m.base, true)];
  const body = `{"instances": [${m.row}]}`;
  const cells = [new Map<number, Cell>(), new Map<number, Cell>()];
  try {
    // Warm-up, discarded: at the highest concurrency, so the batch shapes the runs will see have been run once
    // (the native engine sets up kernels per input shape on first use).
    for (const s of servers) await load(s.url, body, CONCURRENCY[CONCURRENCY.length - 1], 2);
    for (const c of CONCURRENCY) {
      for (const [i, s] of servers.entries()) {
        const r = await load(s.url, body, c, SECONDS);
        cells[i].set(c, { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts });
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  return { off: cells[0], on: cells[1] };
}

export async function benchBatching(): Promise<string> {
  const rows = [
    `Engine: ${ENGINE}. Batch-1 REST predicts (row format) at each concurrency for ${SECONDS} s; batching parameters: ${PARAMETERS.trim().replace(/\n/g, ' ')}.`,
    '',
    '| model | concurrency | req/s off | req/s on | on/off | p50 ms off | p50 ms on | p99 ms off | p99 ms on | errors off/on |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const notes: string[] = [];
  for (const m of MODELS) {
    if (!existsSync(join(ROOT, m.base, '1'))) {
      notes.push(`skipped ${m.base}: absent (run ~/tfvenv/bin/python scripts/generate_bench_models.py)`);
      continue;
    }
    const { off, on } = await measure(m);
    for (const c of CONCURRENCY) {
      const a = off.get(c)!;
      const b = on.get(c)!;
      rows.push(`| ${m.label} | ${c} | ${a.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(b.rps / a.rps).toFixed(2)} | ${a.p50} | ${b.p50} | ${a.p99} | ${b.p99} | ${a.errors}/${b.errors} |`);
    }
  }
  return [...rows, ...notes.map((n) => `\n${n}`)].join('\n');
}
