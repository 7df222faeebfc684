// `npm run bench -- cold`: cold start of the bundled api function in fresh Node processes, the model fetched
// from a moto_server on loopback (import → first predict, p50 of N runs, peak RSS), warm handler latency,
// and the zip size of the bundle (bundle + wasm + protos, zipped like `sls package` does).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ModelStore, updateManifest } from '../lib/registry/index.ts';
import { readModelDir } from '../lib/savedmodel/index.ts';
import { sha256Hex } from '../lib/rollout/index.ts';
import { percentile } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const DIGITS_ROW = `[${Array.from({ length: 64 }, (_, i) => ((i * 7) % 17 / 16).toFixed(4)).join(', ')}]`;
const MODELS = [
  { name: 'half_plus_two', dir: 'models/half_plus_two/1', body: '{"instances": [1.0, 2.0, 5.0]}' },
  { name: 'digits', dir: 'models/digits/1', body: `{"instances": [${DIGITS_ROW}]}` },
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startMoto(): Promise<{ endpoint: string; stop(): void }> {
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

async function publish(client: S3Client, bucket: string): Promise<void> {
  const store = new S3ModelStore({ bucket, prefix: 'models', client });
  for (const m of MODELS) {
    const files = await readModelDir(join(ROOT, m.dir));
    const listed: { path: string; size: number; sha256: string }[] = [];
    for (const path of files.paths()) {
      await store.writeFile(m.name, '1', path, files.get(path)!);
      listed.push({ path, size: files.get(path)!.byteLength, sha256: sha256Hex(files.get(path)!) });
    }
    await updateManifest(store, m.name, (man) => {
      man.versions.set(1n, { dirName: '1', state: 'AVAILABLE', files: listed, publishedAt: new Date().toISOString() });
      return man;
    });
  }
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true }).map(String).reduce((sum, p) => sum + (statSync(join(dir, p)).isFile() ? statSync(join(dir, p)).size : 0), 0);
}

export async function benchColdStart(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'tfs-cold-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-function.mjs'), join(ROOT, 'functions/api.ts'), out], { cwd: ROOT });
  const zip = join(mkdtempSync(join(tmpdir(), 'tfs-zip-')), 'api.zip');
  execFileSync('zip', ['-qr9', zip, '.'], { cwd: out });
  const moto = await startMoto();
  const rows = ['| model | import ms (p50) | first predict ms (p50) | import → first answer ms (p50 / min / max) | peak RSS MB (p50) | warm p50 / p99 ms |', '|---|---:|---:|---:|---:|---:|'];
  try {
    const client = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const bucket = 'cold-start-bench';
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await publish(client, bucket);
    const env = {
      PATH: process.env.PATH, MODELS_BUCKET: bucket, MODELS_PREFIX: 'models', AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const m of MODELS) {
      const runs: { importMs: number; firstMs: number; totalMs: number; maxRssMb: number; warmMs: number[] }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const line = execFileSync(process.execPath, [join(ROOT, 'bench/cold-start-child.mjs'), join(out, 'api.mjs'), m.name, m.body, i === 0 ? '300' : '0'], { env, cwd: out }).toString().trim().split('\n').at(-1)!;
        runs.push(JSON.parse(line));
      }
      const p50 = (xs: number[]) => percentile(xs, 50).toFixed(0);
      const totals = runs.map((r) => r.totalMs);
      const warm = runs[0].warmMs;
      rows.push(`| ${m.name} | ${p50(runs.map((r) => r.importMs))} | ${p50(runs.map((r) => r.firstMs))} | ${p50(totals)} / ${Math.min(...totals).toFixed(0)} / ${Math.max(...totals).toFixed(0)} | ${p50(runs.map((r) => r.maxRssMb))} | ${percentile(warm, 50).toFixed(2)} / ${percentile(warm, 99).toFixed(2)} |`);
    }
  } finally {
    moto.stop();
  }
  const zipMb = statSync(zip).size / 1e6;
  return `${rows.join('\n')}\n\n${RUNS} fresh \`node\` processes per model (Node ${process.version}), each importing the esbuild bundle of functions/api.ts and answering one API Gateway v2 predict event; the model's files come from moto_server on 127.0.0.1 (manifest + files + sha256 checks). Warm latency: 300 further predicts in the first process. Bundle: ${(dirBytes(out) / 1e6).toFixed(2)} MB unzipped, **${zipMb.toFixed(2)} MB zipped** (api.mjs + 3 .wasm + .proto files).`;
}
