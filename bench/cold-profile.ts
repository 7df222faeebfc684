// Where a cold start's CPU goes, by module: bundles functions/api.ts unminified (esbuild's `// path` comments
// name the module of every line), answers one predict in fresh Node 22 processes under `--cpu-prof`, and
// attributes each sample's self time to the module, package or Node builtin holding its code, split at the
// handler's first sample (import | first predict). The profiler inflates everything (~2×): read the shares.
// usage: node --import tsx bench/cold-profile.ts [model=half_plus_two] [runs=3]   (BENCH_NODE picks the binary)
// Writes bench/results/cold-profile.md. Not part of `npm run bench`: a profile is a diagnosis, not a measurement.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { COLD_BODIES, publish, startMoto } from './cold-start.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BODIES = COLD_BODIES;

interface Frame { functionName: string; url: string; lineNumber: number }
interface Profile { nodes: { id: number; callFrame: Frame; children?: number[] }[]; samples: number[]; timeDeltas: number[] }

/** For each bundle file, the line numbers where esbuild's `// <source path>` comments start a module. */
function moduleMarks(dir: string): Map<string, [number, string][]> {
  const marks = new Map<string, [number, string][]>();
  for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.mjs'))) {
    const list: [number, string][] = [];
    readFileSync(join(dir, f), 'utf8').split('\n').forEach((line, i) => {
      const m = /^\/\/ (\S+)$/.exec(line);
      if (m) list.push([i, m[1]]);
    });
    marks.set(f.split('/').pop()!, list);
  }
  return marks;
}

/** `node_modules/<package>`, `lib/<folder>`, `functions`, `Node builtins`, or V8's own entries (GC, program). */
function placeOf(frame: Frame, marks: Map<string, [number, string][]>): string {
  const list = marks.get(frame.url.split('/').pop() ?? '');
  if (list) {
    let path = 'esbuild runtime';
    for (const [line, p] of list) if (line <= frame.lineNumber) path = p; else break;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg) return pkg[1];
    return /^(lib\/[^/]+|functions)/.exec(path.replace(/^(\.\.\/)+/, ''))?.[1] ?? path;
  }
  // Node's loader functions whose self time is V8's work on the bundle's source, and on Node's own modules.
  if (frame.functionName === 'compileSourceTextModule') return 'V8 compiling the bundle (compileSourceTextModule)';
  if (frame.functionName === 'decode' && frame.url === 'node:internal/encoding') return 'decoding the bundle source (UTF-8)';
  if (frame.functionName === 'read' && !frame.url) return 'reading the bundle source';
  if (frame.functionName === 'compileForInternalLoader') return 'Node builtins: compiling their JS';
  if (frame.url.startsWith('node:')) return 'Node builtins: running';
  if (!frame.url && !frame.functionName) return 'code generated at run time (protobufjs codecs)';
  return frame.url ? 'other JS' : frame.functionName; // (garbage collector), (program), native functions
}

/** Self ms per place for [import, first predict]; the predict starts at the first sample under `answer`. */
function attribute(profile: Profile, marks: Map<string, [number, string][]>): Map<string, number>[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const underHandler = (id: number | undefined): boolean => {
    for (; id !== undefined; id = parent.get(id)) if (byId.get(id)!.callFrame.functionName === 'answer') return true;
    return false;
  };
  const phases = [new Map<string, number>(), new Map<string, number>()];
  let phase = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    if (phase === 0 && underHandler(id)) phase = 1;
    const place = placeOf(frame, marks);
    phases[phase].set(place, (phases[phase].get(place) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return phases;
}

function table(title: string, runs: Map<string, number>[], top = 14): string {
  const sum = new Map<string, number>();
  for (const r of runs) for (const [k, v] of r) sum.set(k, (sum.get(k) ?? 0) + v / runs.length);
  const total = [...sum.values()].reduce((a, b) => a + b, 0);
  const rows = [...sum].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `| ${k} | ${v.toFixed(1)} | ${((100 * v) / total).toFixed(0)}% |`);
  return [`**${title}**: ${total.toFixed(0)} ms profiled CPU (mean of ${runs.length})`, '', '| where | self ms | share |', '|---|---:|---:|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const [model = 'half_plus_two', runs = '3'] = process.argv.slice(2);
  if (!BODIES[model]) throw new Error(`model must be one of ${Object.keys(BODIES).join(', ')}`);
  const node = process.env.BENCH_NODE ?? execFileSync('npx', ['-y', 'node@22', '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
  const work = mkdtempSync(join(tmpdir(), 'tfs-cold-profile-'));
  const bundleDir = join(work, 'bundle');
  execFileSync(node, ['--input-type=module', '-e', `import('${join(ROOT, 'scripts/bundle-function.mjs')}').then((m) => m.bundleFunction({ entry: 'functions/api.ts', outdir: '${bundleDir}', minify: false }))`], { cwd: ROOT });
  const moto = await startMoto();
  try {
    const client = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new CreateBucketCommand({ Bucket: 'cold-profile' }));
    await publish(client, 'cold-profile');
    const env = { PATH: process.env.PATH, MODELS_BUCKET: 'cold-profile', MODELS_PREFIX: 'models', AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769' };
    const body = join(work, 'body.json');
    writeFileSync(body, BODIES[model]);
    const profiles = join(work, 'profiles');
    // Run 0 only warms the file cache after bundling; its profile is not read.
    for (let i = 0; i <= Number(runs); i++) {
      const args = [...(i > 0 ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profiles] : []), join(ROOT, 'bench/cold-start-child.mjs'), join(bundleDir, 'api.mjs'), model, body, '0'];
      const r = spawnSync(node, args, { env, cwd: bundleDir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    }
    const marks = moduleMarks(bundleDir);
    const phases = readdirSync(profiles).map((f) => attribute(JSON.parse(readFileSync(join(profiles, f), 'utf8')) as Profile, marks));
    const out = `${table(`${model}: import`, phases.map((p) => p[0]))}\n\n${table(`${model}: first predict`, phases.map((p) => p[1]))}\n`;
    const results = join(ROOT, 'bench/results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'cold-profile.md'), `## cold-profile (node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}, ${new Date().toISOString()})\n\n${out}`);
    console.log(out);
  } finally {
    moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
