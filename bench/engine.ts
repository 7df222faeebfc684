// Benchmark: the portable engine (TensorFlow.js wasm and cpu backends) on every model at hand.
//   npm run bench -- engine             load+convert, warm p50/p99 at batch 1 and 32, cold start, peak RSS
//   npm run bench -- engine --compare   the same plus tfjs-node (libtensorflow) and TensorFlow (Python) with ratios
//   options: --only=SUBSTR (models whose path contains it), --cold-runs=N (default 5)
// Every measurement runs in a fresh child process (bench/engine-worker.ts): the tfjs backend is process-wide.
// Models: models/half_plus_two, models/digits, test/fixtures/conformance/models/* (inputs from their golden files) and
// bench/models/* (scripts/generate_bench_models.py, not committed); absent ones are skipped with a note.
// TensorFlow's numbers come from bench/models/reference.json (written by that script), or, when TF_PYTHON names a
// Python with TensorFlow, from spawning the script's --measure mode. Measured, never asserted in tests.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join(REPO, 'bench/engine-worker.ts');
const SHARED = resolve(REPO, 'test/fixtures/conformance/models');
const GENERATED = join(REPO, 'bench/models');
/** Warm timing budget per (model, backend, batch) in ms: ≥200 calls unless a call is slower than budget/200. */
const BUDGET_MS: Record<string, number> = { wasm: 30_000, cpu: 8_000, 'tfjs-node': 30_000 };

interface Model {
  /** path relative to the repository root, e.g. "bench/models/mobilenet_v2_96/1" */
  rel: string;
  dir: string;
  golden?: string;
  kind: 'bundled' | 'fixture' | 'generated';
}

interface Stats { p50: number; p99: number; mean: number; n: number; error?: string }

interface Warm {
  error?: string;
  read_ms?: number;
  convert_ms?: number;
  engine?: string;
  backend?: string;
  signature?: string;
  note?: string;
  shapes_b1?: Record<string, number[]>;
  b1?: Stats;
  b32?: Stats;
  profile_b1?: { peakBytes: number; kernels: number; topKernelsByBytesAdded: string[]; error?: string };
  memory_bytes?: number;
  maxrss_mb?: number;
  noise_pct?: number;
}

interface Cold {
  ms: number[];
  rss: number[];
  child: { imported_at_ms: number; loaded_at_ms: number; answered_at_ms: number }[];
  error?: string;
}

interface TfRef {
  load_ms: number;
  b1: Stats & { per_item_p50: number };
  b32: Stats & { per_item_p50: number };
  cold?: { p50_ms: number; peak_rss_mb: number };
}

// ---- models ----------------------------------------------------------------------------------------------

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const versions = (modelDir: string) => (isDir(modelDir) ? readdirSync(modelDir).filter((v) => /^\d+$/.test(v)).sort() : []);

function discover(notes: string[]): Model[] {
  const out: Model[] = [];
  for (const name of ['half_plus_two', 'digits']) {
    const d = join(REPO, 'models', name, '1');
    if (isDir(d)) out.push({ rel: relative(REPO, d), dir: d, kind: 'bundled' });
    else notes.push(`skipped models/${name}/1: absent`);
  }
  if (isDir(SHARED)) {
    for (const name of readdirSync(SHARED).filter((n) => isDir(join(SHARED, n))).sort()) {
      const golden = join(SHARED, `${name}.golden.json`);
      for (const v of versions(join(SHARED, name))) {
        out.push({ rel: `fixtures/${name}/${v}`, dir: join(SHARED, name, v), golden: existsSync(golden) ? golden : undefined, kind: 'fixture' });
      }
    }
  } else notes.push('skipped test/fixtures/conformance/models: absent');
  const gen = ['mlp_784_1024_1024_10', 'mlp_512_2048x3_10', 'mobilenet_v2_96'];
  for (const name of gen) {
    const d = join(GENERATED, name, '1');
    if (isDir(d)) out.push({ rel: relative(REPO, d), dir: d, kind: 'generated' });
    else notes.push(`skipped bench/models/${name}/1: absent (run ~/tfvenv/bin/python scripts/generate_bench_models.py)`);
  }
  return out;
}

// ---- child processes -------------------------------------------------------------------------------------

interface ChildResult { stdout: string; stderr: string; code: number | null; firstLineMs?: number }

/** Spawns a child; `marker` lines are timed from spawn (the first one's arrival gives firstLineMs). */
function runChild(cmd: string, args: string[], marker: string, timeoutMs = 300_000): Promise<ChildResult> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    let stdout = '', stderr = '';
    let firstLineMs: number | undefined;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (firstLineMs === undefined && stdout.includes(marker)) firstLineMs = performance.now() - t0;
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ stdout, stderr, code, firstLineMs });
    });
  });
}

function parseLine<T>(r: ChildResult, marker: string): T | undefined {
  const line = r.stdout.split('\n').find((l) => l.startsWith(marker));
  return line ? (JSON.parse(line.slice(marker.length)) as T) : undefined;
}

const lastError = (r: ChildResult) => (r.stderr.trim().split('\n').filter((l) => /Error|error/.test(l)).pop() ?? r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`).slice(0, 200);

interface Launcher { label: string; cmd: string; args: string[] }

const TSX: Launcher = { label: 'node --import tsx', cmd: process.execPath, args: ['--import', 'tsx', WORKER] };

function modelArgs(m: Model): string[] {
  return ['--model', m.dir, ...(m.golden ? ['--golden', m.golden] : [])];
}

async function warm(m: Model, engine: 'portable' | 'tfjs-node', backend: 'wasm' | 'cpu'): Promise<Warm> {
  const key = engine === 'portable' ? backend : engine;
  const args = [...TSX.args, ...modelArgs(m), '--engine', engine, '--backend', backend, '--budget-ms', String(BUDGET_MS[key]), '--warmup-model', join(REPO, 'models/half_plus_two/1')];
  const r = await runChild(TSX.cmd, args, 'RESULT ');
  return parseLine<Warm>(r, 'RESULT ') ?? { error: `worker failed: ${lastError(r)}` };
}

async function cold(m: Model, launcher: Launcher, engine: 'portable' | 'tfjs-node', runs: number): Promise<Cold> {
  const args = [...launcher.args, ...modelArgs(m), '--engine', engine, '--mode', 'cold'];
  const out: Cold = { ms: [], rss: [], child: [] };
  for (let i = 0; i <= runs; i++) {
    const r = await runChild(launcher.cmd, args, 'ANSWERED ');
    const res = parseLine<Cold['child'][number] & { maxrss_mb: number }>(r, 'ANSWERED ');
    if (!res || r.firstLineMs === undefined) return { ...out, error: lastError(r) };
    if (i === 0) continue; // untimed: fills the OS file cache and tsx's transform cache
    out.ms.push(r.firstLineMs);
    out.rss.push(res.maxrss_mb);
    out.child.push(res);
  }
  return out;
}

/** An esbuild bundle of the worker (the shape a Lambda deploys), or why not. TOOLCHAIN.md: banner, wasm files, protos. */
async function buildBundle(): Promise<Launcher | string> {
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const dir = join(tmpdir(), 'tfs-engine-bench-bundle');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await esbuild.build({
      entryPoints: [WORKER], bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: true,
      outfile: join(dir, 'worker.mjs'), external: ['@tensorflow/tfjs-node'], ignoreAnnotations: true, logLevel: 'error',
      banner: { js: "import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';import{dirname as __dn}from'node:path';const require=__cr(import.meta.url);const __filename=__fu(import.meta.url);const __dirname=__dn(__filename);" },
    });
    const wasmDir = join(REPO, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDir, f), join(dir, f));
    for (const d of readdirSync(join(REPO, 'lib/proto'))) {
      if (isDir(join(REPO, 'lib/proto', d))) cpSync(join(REPO, 'lib/proto', d), join(dir, d), { recursive: true });
    }
    const bytes = statSync(join(dir, 'worker.mjs')).size;
    return { label: `esbuild bundle (${(bytes / 1e6).toFixed(1)} MB)`, cmd: process.execPath, args: [join(dir, 'worker.mjs')] };
  } catch (e) {
    return `no bundle: ${(e as Error).message.split('\n')[0]}`;
  }
}

// ---- TensorFlow reference ----------------------------------------------------------------------------------

async function tensorflowReference(models: Model[], coldRuns: number, notes: string[]): Promise<Map<string, TfRef>> {
  const out = new Map<string, TfRef>();
  const wanted = models.filter((m) => m.kind !== 'fixture');
  if (process.env.TF_PYTHON) {
    const script = join(REPO, 'scripts/generate_bench_models.py');
    const r = await runChild(process.env.TF_PYTHON, [script, '--measure', ...wanted.map((m) => m.dir), '--cold-runs', String(coldRuns)], '{', 900_000);
    try {
      const json = JSON.parse(r.stdout) as { tensorflow: string; models: Record<string, TfRef> };
      for (const m of wanted) if (json.models[m.dir]) out.set(m.rel, json.models[m.dir]);
      notes.push(`TensorFlow ${json.tensorflow} measured now through TF_PYTHON=${process.env.TF_PYTHON}.`);
    } catch {
      notes.push(`TF_PYTHON run failed: ${lastError(r)}`);
    }
    return out;
  }
  const file = join(GENERATED, 'reference.json');
  if (!existsSync(file)) {
    notes.push('no TensorFlow reference: bench/models/reference.json is absent and TF_PYTHON is unset.');
    return out;
  }
  const json = JSON.parse(readFileSync(file, 'utf8')) as { tensorflow: string; measured_at: string; cpu_count: number; models: Record<string, TfRef> };
  for (const m of wanted) if (json.models[m.rel]) out.set(m.rel, json.models[m.rel]);
  notes.push(`TensorFlow ${json.tensorflow} numbers from bench/models/reference.json (measured ${json.measured_at}, ${json.cpu_count} cores, default threads).`);
  return out;
}

// ---- formatting ------------------------------------------------------------------------------------------

const f = (x: number | undefined, d = 2) => (x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(d));
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || !b ? '–' : `${(a / b).toFixed(2)}×`);
const refusal = (w: Warm) => `refused at load: ${(w.error ?? '').replace(/\|/g, '\\|').slice(0, 160)}`;

function warmRow(m: Model, label: string, w: Warm): string {
  if (w.error) return `| ${m.rel} | ${label} | ${refusal(w)} | | | | | | | | | |`;
  const b1 = w.b1!, b32 = w.b32!;
  if (b1.error || b32.error) return `| ${m.rel} | ${label} | ${f((w.read_ms ?? 0) + (w.convert_ms ?? 0), 0)} | run failed: ${(b1.error ?? b32.error)!.slice(0, 120)} | | | | | | | | |`;
  const shape = Object.values(w.shapes_b1 ?? {}).map((s) => `[${s.join(',')}]`).join(' ');
  return `| ${m.rel} | ${label} | ${f(w.read_ms, 0)} + ${f(w.convert_ms, 0)} | ${f(b1.p50, 3)} | ${f(b1.p99, 3)} | ${f(b1.p99 / b1.p50, 1)} | ${f(b32.p50, 3)} | ${f(b32.p50 / 32, 4)} | ${f(b32.p99 / b32.p50, 1)} | ${b1.n}/${b32.n} | ${f(w.maxrss_mb, 0)} | ${f(w.noise_pct, 0)} | ${shape} |`;
}

function coldRow(m: Model, label: string, c: Cold): string {
  if (c.error) return `| ${m.rel} | ${label} | ${c.error.includes('refused') || c.error.includes('not supported') ? refusal({ error: c.error }) : `failed: ${c.error}`} | | | | |`;
  const imp = median(c.child.map((x) => x.imported_at_ms));
  const load = median(c.child.map((x) => x.loaded_at_ms - x.imported_at_ms));
  const first = median(c.child.map((x) => x.answered_at_ms - x.loaded_at_ms));
  return `| ${m.rel} | ${label} | ${f(median(c.ms), 0)} | ${f(Math.min(...c.ms), 0)}–${f(Math.max(...c.ms), 0)} | ${f(imp, 0)} / ${f(load, 0)} / ${f(first, 1)} | ${f(median(c.rss), 0)} |`;
}

/** Share of `ms` a busy loop lost to stalls over 0.5 ms (other processes, the hypervisor): context for every table. */
function stallProbe(ms = 1000): string {
  let last = performance.now(), lost = 0, n = 0;
  const end = last + ms;
  for (;;) {
    const t = performance.now();
    if (t - last > 0.5) { lost += t - last; n++; }
    last = t;
    if (t > end) break;
  }
  return `${((lost / ms) * 100).toFixed(1)}% of a busy 1 s lost to ${n} stalls > 0.5 ms, load average ${loadavg()[0].toFixed(2)}`;
}

// ---- the benchmark ---------------------------------------------------------------------------------------

export async function benchEngine(): Promise<string> {
  const argv = process.argv.slice(2);
  const compare = argv.includes('--compare');
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7);
  const coldRuns = Math.max(5, Number(argv.find((a) => a.startsWith('--cold-runs='))?.slice(12) ?? 5));
  const notes: string[] = [];
  const models = discover(notes).filter((m) => !only || m.rel.includes(only));
  const noiseBefore = stallProbe();
  const t0 = performance.now();
  const log = (s: string) => console.error(`[engine ${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);

  // warm, per backend
  const warmRes = new Map<string, Warm>();
  for (const backend of ['wasm', 'cpu'] as const) {
    for (const m of models) {
      log(`warm ${backend} ${m.rel}`);
      warmRes.set(`${backend} ${m.rel}`, await warm(m, 'portable', backend));
    }
  }
  // cold: the bundle for every model, node --import tsx for the bundled and generated ones
  const bundle = await buildBundle();
  if (typeof bundle === 'string') notes.push(bundle);
  const coldRes: [Model, string, Cold][] = [];
  for (const m of models) {
    if (typeof bundle !== 'string' && !(warmRes.get(`wasm ${m.rel}`)?.error)) {
      log(`cold bundle ${m.rel}`);
      coldRes.push([m, bundle.label, await cold(m, bundle, 'portable', coldRuns)]);
    }
    if (m.kind !== 'fixture' || typeof bundle === 'string') {
      log(`cold tsx ${m.rel}`);
      coldRes.push([m, TSX.label, await cold(m, TSX, 'portable', coldRuns)]);
    }
  }
  // compare: tfjs-node and TensorFlow
  const nodeWarm = new Map<string, Warm>();
  const nodeCold = new Map<string, Cold>();
  let tf = new Map<string, TfRef>();
  if (compare) {
    for (const m of models) {
      log(`warm tfjs-node ${m.rel}`);
      const w = await warm(m, 'tfjs-node', 'wasm');
      nodeWarm.set(m.rel, w);
      if (!w.error) {
        log(`cold tfjs-node ${m.rel}`);
        nodeCold.set(m.rel, await cold(m, TSX, 'tfjs-node', coldRuns));
      }
    }
    log('TensorFlow reference');
    tf = await tensorflowReference(models, coldRuns, notes);
  }
  log('done');

  // tables
  const out: string[] = [];
  out.push(`### Warm latency (ms; batch 32 per item = p50/32; p99/p50 ratios; n = calls timed at batch 1 / 32)\n`);
  out.push('| model | backend | load: read + convert ms | b1 p50 | b1 p99 | b1 p99/p50 | b32 p50 | b32 per item | b32 p99/p50 | n | child RSS MB | noise % | b1 input |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const backend of ['wasm', 'cpu'] as const) for (const m of models) out.push(warmRow(m, backend, warmRes.get(`${backend} ${m.rel}`)!));
  if (compare) for (const m of models) out.push(warmRow(m, 'tfjs-node', nodeWarm.get(m.rel)!));

  out.push(`\n### Cold start: spawn → first answer (${coldRuns} runs after one untimed; ms)\n`);
  out.push('| model | how | p50 | min–max | child p50: imported at / load / first run | peak RSS MB (p50) |');
  out.push('|---|---|---:|---:|---:|---:|');
  for (const [m, label, c] of coldRes) out.push(coldRow(m, label, c));
  if (compare) for (const [rel, c] of nodeCold) out.push(coldRow(models.find((m) => m.rel === rel)!, 'tfjs-node via tsx', c));

  const mlp = models.find((m) => m.rel.includes('mlp_784_1024_1024_10'));
  out.push('\n### Regression row: no per-call weight copies (FORMATS.md pitfall 12)\n');
  if (mlp) {
    const w = warmRes.get(`wasm ${mlp.rel}`)!;
    const p = w.profile_b1;
    const verdict = w.b1 && !w.b1.error ? (w.b1.p50 < 1 ? 'OK: sub-millisecond' : 'LOOKS REGRESSED: ≥ 1 ms') : '–';
    out.push('| model | backend | b1 p50 ms | b1 p99 ms | verdict | one b1 call under tf.profile: kernels, bytes added by the largest |');
    out.push('|---|---|---:|---:|---|---|');
    out.push(`| ${mlp.rel} | wasm | ${f(w.b1?.p50, 3)} | ${f(w.b1?.p99, 3)} | ${verdict} | ${p && !p.error ? `${p.kernels} kernels; ${p.topKernelsByBytesAdded.join(', ')}` : '–'} |`);
    out.push('\nPitfall 12 measured 0.42 ms with weights reused and 9.9 ms when every call copied (and XNNPACK re-packed) the weights; a copy would also show ~7.5 MB added by Identity kernels above.');
  } else out.push('skipped: bench/models/mlp_784_1024_1024_10/1 is absent or filtered out.');

  if (compare) {
    out.push('\n### Ours / TensorFlow (ours = portable engine, wasm; ratios < 1 mean faster than TensorFlow)\n');
    out.push('| model | b1 p50: ours / tfjs-node / TF | ours÷TF | b32 per item: ours / tfjs-node / TF | ours÷TF | p99/p50 ours / TF (b1) | cold p50: ours bundle / tfjs-node (tsx) / TF python | ours÷TF | peak RSS ours / TF MB |');
    out.push('|---|---|---:|---|---:|---|---|---:|---|');
    for (const m of models) {
      const w = warmRes.get(`wasm ${m.rel}`)!;
      const n = nodeWarm.get(m.rel);
      const r = tf.get(m.rel);
      const oc = coldRes.find(([mm, label]) => mm === m && label.startsWith('esbuild'))?.[2] ?? coldRes.find(([mm]) => mm === m)?.[2];
      const nc = nodeCold.get(m.rel);
      const ok = (x?: Warm) => x && !x.error && x.b1 && !x.b1.error;
      const ob1 = ok(w) ? w.b1!.p50 : undefined, ob32 = ok(w) ? w.b32!.p50 / 32 : undefined;
      const nb1 = ok(n) ? n!.b1!.p50 : undefined, nb32 = ok(n) ? n!.b32!.p50 / 32 : undefined;
      const ocold = oc && !oc.error ? median(oc.ms) : undefined;
      const ncold = nc && !nc.error ? median(nc.ms) : undefined;
      const failed = w.error ? refusal(w) : w.b1?.error ? `failed at first run: ${w.b1.error.slice(0, 100)}` : undefined;
      if (failed) {
        out.push(`| ${m.rel} | ours: ${failed}; tfjs-node ${f(nb1, 3)}; TF ${f(r?.b1.p50, 3)} | | – / ${f(nb32, 4)} / ${f(r?.b32.per_item_p50, 4)} | | – / ${f(r ? r.b1.p99 / r.b1.p50 : undefined, 1)} | – / ${f(ncold, 0)} / ${f(r?.cold?.p50_ms, 0)} | | – / ${f(r?.cold?.peak_rss_mb, 0)} |`);
        continue;
      }
      out.push(`| ${m.rel} | ${f(ob1, 3)} / ${f(nb1, 3)} / ${f(r?.b1.p50, 3)} | ${ratio(ob1, r?.b1.p50)} | ${f(ob32, 4)} / ${f(nb32, 4)} / ${f(r?.b32.per_item_p50, 4)} | ${ratio(ob32, r?.b32.per_item_p50)} | ${f(ok(w) ? w.b1!.p99 / w.b1!.p50 : undefined, 1)} / ${f(r ? r.b1.p99 / r.b1.p50 : undefined, 1)} | ${f(ocold, 0)} / ${f(ncold, 0)} / ${f(r?.cold?.p50_ms, 0)} | ${ratio(ocold, r?.cold?.p50_ms)} | ${f(oc && !oc.error ? median(oc.rss) : undefined, 0)} / ${f(r?.cold?.peak_rss_mb, 0)} |`);
    }
    for (const [rel, w] of nodeWarm) if (w.note) notes.push(`tfjs-node on ${rel}: ${w.note}`);
  }
  notes.push(`Machine noise (idle-loop probe in the parent): before ${noiseBefore}; after ${stallProbe()}.`);
  notes.push(`Total benchmark wall time ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  out.push('\n' + notes.map((n) => `- ${n}`).join('\n'));
  return out.join('\n');
}
