// `npm run bench -- http`: requests/s and latency of `tf-serverless serve` on loopback, measured with
// autocannon at concurrency 1 and 16 for half_plus_two and the digits MLP. The server runs in its own
// process (as users run it); autocannon runs here. Each run is bounded (duration), on 127.0.0.1.
// BENCH_HTTP_PROFILE=1 runs the server under `node --cpu-prof` and appends where its CPU went
// (cpu-profile-summary.ts); the profile itself stays in bench/results/http-profile/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { summarizeCpuProfile } from './cpu-profile-summary.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const PROFILE_DIR = process.env.BENCH_HTTP_PROFILE ? join(ROOT, 'bench/results/http-profile') : undefined;
/** When the server was spawned (its profile starts then, within a few ms) and the first concurrency-16 cell's span. */
let spawnedAt = 0;
let profiled: [number, number] | undefined;

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

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return NaN;
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised command name.
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  if (PROFILE_DIR) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  spawnedAt = performance.now();
  const child = spawn(process.execPath, [...profile, join(ROOT, 'bin/tf-serverless.js'), 'serve', '--model_config_file=models/models.config', '--rest_api_port=0', '--port=0', '--host=127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && /(^|\] )Serving /m.test(out)) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
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
  const rows = ['| request | concurrency | req/s | mean ms | p50 ms | p99 ms | errors | CPU µs per request: server / client |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  try {
    // BENCH_HTTP_ONLY=half_plus_two runs only the rows whose label contains it.
    for (const t of TARGETS.filter((x) => x.label.includes(process.env.BENCH_HTTP_ONLY ?? ''))) {
      await run(server.url, t, 1).catch(() => undefined); // warm-up pass is discarded below
      for (const c of [1, 16]) {
        const [server0, client0] = [cpuSecondsOf(server.pid), process.cpuUsage()];
        const began = performance.now() - spawnedAt;
        const r = await run(server.url, t, c);
        if (c === 16) profiled ??= [began + 1000, performance.now() - spawnedAt - 500]; // steady state only
        const client = process.cpuUsage(client0);
        // CPU per request is steadier than req/s on a shared machine: it does not count time spent waiting for a core.
        const perRequest = (seconds: number) => ((seconds * 1e6) / r.requests.total).toFixed(0);
        const cpu = `${perRequest(cpuSecondsOf(server.pid) - server0)} / ${perRequest((client.user + client.system) / 1e6)}`;
        const errors = r.errors + r.non2xx + r.timeouts;
        rows.push(`| ${t.label} | ${c} | ${Math.round(r.requests.average)} | ${r.latency.average.toFixed(2)} | ${r.latency.p50} | ${r.latency.p99} | ${errors} | ${cpu} |`);
      }
    }
  } finally {
    await server.stop();
  }
  const profile = PROFILE_DIR && readdirSync(PROFILE_DIR).find((f) => f.endsWith('.cpuprofile'));
  const summary = profile ? `\n\n${summarizeCpuProfile(join(PROFILE_DIR!, profile), 20, profiled)}\n\n(the first concurrency-16 cell, its first second and last half second left out; the whole profile is in bench/results/http-profile/)` : '';
  return `${rows.join('\n')}\n\nEach cell: autocannon for ${DURATION_S} s on 127.0.0.1 against \`tf-serverless serve --model_config_file=models/models.config\` (portable engine, wasm backend) in a separate process; 2-core machine, so client and server share the CPUs. CPU µs per request: the server process's user + system time (/proc) and this process's (autocannon) over the cell, divided by the requests answered; with both saturating two cores, req/s ≈ 2 s / (server + client CPU per request).${summary}`;
}
