// `npm run bench -- cold`: cold start of the bundled api function on the official Node 22 binary (Lambda's
// runtime major): spawn → first answer of one API Gateway v2 predict event, the model fetched from a
// moto_server on loopback (manifest + files + sha256 checks), p50 of N fresh processes; bare `node -e 0`
// in the same run is the floor. Also: the child's own import / first-predict split, peak RSS, warm latency,
// and the zip size (bundle + wasm + runtime assets, zipped like `sls package` does).
// BENCH_NODE=/path/to/node picks another binary; BENCH_COLD_RUNS (default 10) the runs per row.
// BENCH_COLD_BASELINE=<git ref> also bundles functions/api.ts as of that commit (a temporary git worktree) and runs
// its processes alternately with this tree's, one row each (the ref's tree comes from `git archive`): a lever measured side by side on the same machine.
// Each model is published twice (publish()): by the rollout, with its serving artifact, and as a SavedModel only;
// the rows "api bundle" and "api bundle without artifact" are the two, the baseline reads the SavedModel-only copy.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ModelStore, updateManifest } from '../lib/registry/index.ts';
import { readModelDir } from '../lib/savedmodel/index.ts';
import { rolloutVersion, sha256Hex } from '../lib/rollout/index.ts';
import { servingArtifactName } from '../lib/loader/index.ts';
import { percentile } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const DIGITS_ROW = `[${Array.from({ length: 64 }, (_, i) => ((i * 7) % 17 / 16).toFixed(4)).join(', ')}]`;
const pixelRow = (y: number) => `[${Array.from({ length: 96 }, (_, x) => `[${[0, 1, 2].map((c) => (((x * 7 + y * 3 + c) % 17) / 16).toFixed(4)).join(', ')}]`).join(', ')}]`;
const IMAGE_96 = `[${Array.from({ length: 96 }, (_, y) => pixelRow(y)).join(', ')}]`;
const MODELS = [
  { name: 'half_plus_two', dir: 'models/half_plus_two/1', body: '{"instances": [1.0, 2.0, 5.0]}' },
  { name: 'digits', dir: 'models/digits/1', body: `{"instances": [${DIGITS_ROW}]}` },
  // Written by scripts/generate_bench_models.py (git-ignored); the row is skipped when it is absent.
  { name: 'mobilenet_v2_96', dir: 'bench/models/mobilenet_v2_96/1', body: `{"instances": [${IMAGE_96}]}` },
].filter((m) => existsSync(join(ROOT, m.dir)));
/** The predict body each model's cold start answers (bench/cold-profile.ts profiles the same requests). */
export const COLD_BODIES: Record<string, string> = Object.fromEntries(MODELS.map((m) => [m.name, m.body]));

/** The Node 22 binary: BENCH_NODE, else the official one `npx -y node@22` installs from the npm registry. */
function node22(): string {
  if (process.env.BENCH_NODE) return process.env.BENCH_NODE;
  return execFileSync('npx', ['-y', 'node@22', '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<{ endpoint: string; stop(): void }> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(endpoint);
      return { endpoint, stop: () => child.kill() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('moto_server did not start');
}

/** The model name of the copy published without a serving artifact (the SavedModel path). */
const savedModelOnly = (name: string) => `${name}_savedmodel`;

/**
 * Publishes each model twice: under its name by rolloutVersion (validation, the serving artifact, the manifest:
 * what the rollout function does), and under savedModelOnly(name) with a manifest only (no artifact).
 */
export async function publish(client: S3Client, bucket: string): Promise<void> {
  const store = new S3ModelStore({ bucket, prefix: 'models', client });
  for (const m of MODELS) {
    const files = await readModelDir(join(ROOT, m.dir));
    const listed: { path: string; size: number; sha256: string }[] = [];
    for (const path of files.paths()) {
      for (const name of [m.name, savedModelOnly(m.name)]) await store.writeFile(name, '1', path, files.get(path)!);
      listed.push({ path, size: files.get(path)!.byteLength, sha256: sha256Hex(files.get(path)!) });
    }
    const r = await rolloutVersion(store, m.name, '1');
    if (r.state !== 'AVAILABLE') throw new Error(`rollout of ${m.name}: ${r.state} ${r.reason ?? ''}`);
    if (!(await store.readDocument(m.name, servingArtifactName('1')))) throw new Error(`rollout of ${m.name} wrote no serving artifact`);
    await updateManifest(store, savedModelOnly(m.name), (man) => {
      man.versions.set(1n, { dirName: '1', state: 'AVAILABLE', files: listed, publishedAt: new Date().toISOString() });
      return man;
    });
  }
}

interface ChildRun { spawnMs: number; cpuMs: number; bootMs: number; importMs: number; firstMs: number; maxRssMb: number; warmMs: number[] }

/** Spawns `node args…`, resolves with ms from spawn to the first stdout output (or to `marker` in it) and the last line's JSON (if any). */
function timedSpawn(node: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, marker?: string): Promise<{ ms: number; last?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ms: number | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      // The handler logs (EMF lines) before it answers: wait for the child's own marker line.
      if (ms === undefined && (marker === undefined || out.includes(marker))) ms = performance.now() - t0;
    });
    child.stderr.on('data', (d) => (err += d));
    child.once('close', (code) => {
      const end = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      const last = out.trim().split('\n').at(-1);
      resolve({ ms: ms ?? end, last: last?.startsWith('{') ? JSON.parse(last) : undefined });
    });
  });
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true }).map(String).reduce((sum, p) => sum + (statSync(join(dir, p)).isFile() ? statSync(join(dir, p)).size : 0), 0);
}

/** Bundles functions/api.ts of `ref` (its tree from `git archive`, sharing this checkout's node_modules) into a new directory. */
function bundleAt(node: string, ref: string): { dir: string; label: string } {
  const tree = mkdtempSync(join(tmpdir(), 'tfs-cold-base-tree-'));
  const label = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  try {
    execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${label}" | tar -x -C "${tree}"`]);
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    const dir = mkdtempSync(join(tmpdir(), 'tfs-cold-base-'));
    execFileSync(node, [join(tree, 'scripts/bundle-function.mjs'), join(tree, 'functions/api.ts'), dir], { cwd: tree });
    return { dir, label };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export async function benchColdStart(): Promise<string> {
  const node = node22();
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const out = mkdtempSync(join(tmpdir(), 'tfs-cold-'));
  execFileSync(node, [join(ROOT, 'scripts/bundle-function.mjs'), join(ROOT, 'functions/api.ts'), out], { cwd: ROOT });
  const baseline = process.env.BENCH_COLD_BASELINE ? bundleAt(node, process.env.BENCH_COLD_BASELINE) : undefined;
  // Rows per model: ours from the serving artifact, ours from the SavedModel (a copy with no artifact), the baseline.
  const bundles = [
    { dir: out, label: 'api bundle', model: (name: string) => name },
    { dir: out, label: 'api bundle without artifact', model: savedModelOnly },
    ...(baseline ? [{ dir: baseline.dir, label: `baseline ${baseline.label}`, model: savedModelOnly }] : []),
  ];
  const zip = join(mkdtempSync(join(tmpdir(), 'tfs-zip-')), 'api.zip');
  execFileSync('zip', ['-qr9', zip, '.'], { cwd: out });
  const moto = await startMoto();
  const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(0)} / ${Math.min(...xs).toFixed(0)} / ${Math.max(...xs).toFixed(0)}`;
  const rows = [
    '| process | spawn → first answer ms (p50 / min / max) | child CPU ms to the answer (p50) | child: boot / import / first predict ms (p50) | peak RSS MB (p50) | warm p50 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  try {
    const floor: number[] = [];
    for (let i = 0; i <= RUNS; i++) floor.push((await timedSpawn(node, ['-e', 'console.log(0)'], { PATH: process.env.PATH }, out)).ms);
    rows.push(`| floor: \`node -e 'console.log(0)'\` | ${fmt(floor.slice(1))} | – | – | – | – |`);
    const client = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const bucket = 'cold-start-bench';
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await publish(client, bucket);
    const env = {
      PATH: process.env.PATH, MODELS_BUCKET: bucket, MODELS_PREFIX: 'models', AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const m of MODELS) {
      const runs: ChildRun[][] = bundles.map(() => []);
      const bodyFile = join(out, `${m.name}.body.json`);
      writeFileSync(bodyFile, m.body);
      // Run 0 is untimed (it also measures warm latency): the first read of the files after a rebuild is not a cold start's.
      // With a baseline, its processes alternate with ours, so both rows see the same machine.
      for (let i = 0; i <= RUNS; i++) {
        for (const [b, bundle] of bundles.entries()) {
          const r = await timedSpawn(node, [join(ROOT, 'bench/cold-start-child.mjs'), join(bundle.dir, 'api.mjs'), bundle.model(m.name), bodyFile, i === 0 ? '300' : '0'], env, bundle.dir, 'answered\n');
          runs[b].push({ spawnMs: r.ms, ...(r.last as Omit<ChildRun, 'spawnMs'>) });
        }
      }
      const p50 = (xs: number[]) => percentile(xs, 50).toFixed(0);
      for (const [b, bundle] of bundles.entries()) {
        const timed = runs[b].slice(1);
        const warm = runs[b][0].warmMs;
        rows.push(`| ${bundle.label}, ${m.name} | **${fmt(timed.map((r) => r.spawnMs))}** | ${p50(timed.map((r) => r.cpuMs))} | ${p50(timed.map((r) => r.bootMs))} / ${p50(timed.map((r) => r.importMs))} / ${p50(timed.map((r) => r.firstMs))} | ${p50(timed.map((r) => r.maxRssMb))} | ${percentile(warm, 50).toFixed(2)} / ${percentile(warm, 99).toFixed(2)} |`);
      }
    }
  } finally {
    moto.stop();
  }
  const zipMb = statSync(zip).size / 1e6;
  const apiMb = statSync(join(out, 'api.mjs')).size / 1e6;
  return `${rows.join('\n')}\n\n${RUNS} fresh processes per row after one untimed (Node ${version}, \`${node}\`), each importing the esbuild bundle of functions/api.ts and answering one API Gateway v2 predict event; the model's files come from moto_server on 127.0.0.1. Spawn → first answer is timed by this process (spawn() to the child's "answered" line); the child's CPU (user + system, all its threads) up to that line is steadier than wall time on a shared machine. Warm latency: 300 further predicts in the untimed process. Bundle: api.mjs ${apiMb.toFixed(2)} MB; ${(dirBytes(out) / 1e6).toFixed(2)} MB unzipped with its chunks and the wasm, **${zipMb.toFixed(2)} MB zipped**.${baseline ? ` Baseline: functions/api.ts at ${baseline.label}, bundled by its own scripts/bundle-function.mjs, its processes alternating with ours.` : ''}`;
}
