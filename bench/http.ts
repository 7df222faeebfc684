// `npm run bench -- http`: requests/s and latency of `tf-serverless serve` on loopback, measured with
// autocannon at concurrency 1 and 16 for half_plus_two and the digits MLP. The server runs in its own
// process (as users run it); autocannon runs here. Each run is bounded (duration), on 127.0.0.1.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);

interface Target {
  label: string;
  path: string;
  body: string;
}

const DIGITS_ROW = `[${Array.from({ length: 64 }, (_, i) => ((i * 7) % 17 / 16).toFixed(4)).join(', ')}]`;
const TARGETS: Target[] = [
  { label: 'half_plus_two predict (3 values)', path: '/v1/models/half_plus_two:predict', body: '{"instances": [1.0, 2.0, 5.0]}' },
  { label: 'digits predict (1 row of 64)', path: '/v1/models/digits:predict', body: `{"instances": [${DIGITS_ROW}]}` },
  { label: 'digits predict (batch 32)', path: '/v1/models/digits:predict', body: `{"instances": [${Array(32).fill(DIGITS_ROW).join(', ')}]}` },
  { label: 'model status', path: '/v1/models/digits', body: '' },
];

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tf-serverless.js'), 'serve', '--model_config_file=models/models.config', '--rest_api_port=0', '--port=0', '--host=127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && /^Serving /m.test(out)) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

function run(url: string, t: Target, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url: url + t.path,
    method: t.body ? 'POST' : 'GET',
    body: t.body || undefined,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: DURATION_S,
  });
}

export async function benchHttp(): Promise<string> {
  const server = await startServer();
  const rows = ["| request | concurrency | req/s | mean ms | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|"];
  try {
    for (const t of TARGETS) {
      await run(server.url, t, 1).catch(() => undefined); // warm-up pass is discarded below
      for (const c of [1, 16]) {
        const r = await run(server.url, t, c);
        const errors = r.errors + r.non2xx + r.timeouts;
        rows.push(`| ${t.label} | ${c} | ${Math.round(r.requests.average)} | ${r.latency.average.toFixed(2)} | ${r.latency.p50} | ${r.latency.p99} | ${errors} |`);
      }
    }
  } finally {
    server.stop();
  }
  return `${rows.join('\n')}\n\nEach cell: autocannon for ${DURATION_S} s on 127.0.0.1 against \`tf-serverless serve --model_config_file=models/models.config\` (portable engine, wasm backend) in a separate process; 2-core machine, so client and server share the CPUs.`;
}
