// The portable engine survives bundling: test/deploy/engine-probe.ts, bundled by scripts/bundle-function.mjs
// (the functions' esbuild settings and plugin, also used by infra/gpu/Dockerfile), runs from a directory with no
// node_modules, finds the .wasm binaries copied beside it (the proto schemas are bundled), and predicts with the wasm backend.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './package-run.ts';
import { nativeAvailable } from '../engine/native/native-available.ts';

const exec = promisify(execFile);
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tfs-bundle-'));
  const { stdout } = await exec(process.execPath, ['scripts/bundle-function.mjs', 'test/deploy/engine-probe.ts', join(dir, 'functions')], { cwd: REPO });
  bundle = stdout.trim();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cwd: string) =>
  exec(process.execPath, [bundle, join(REPO, 'models', 'half_plus_two', '1')], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd }, timeout: 60_000 });

describe('bundled portable engine', () => {
  it('writes the bundle with the three wasm binaries beside it and, in chunks/, only the modules it imports lazily', () => {
    expect(bundle).toBe(join(dir, 'functions', 'engine-probe.mjs'));
    expect(readdirSync(join(dir, 'functions')).sort()).toEqual([
      'chunks', 'engine-probe.mjs',
      'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm.wasm',
    ]);
    // The cpu backend is imported only when chosen or as wasm's fallback (lib/engine/portable/backend.ts); `chunk` holds
    // esbuild's helpers that it shares with the bundle. The tfjs packages are bundled from their flat ES module builds (scripts/esbuild-plugins.cjs).
    expect(readdirSync(join(dir, 'functions', 'chunks')).map((f) => f.replace(/-[A-Z0-9]+\.mjs$/, '')).sort()).toEqual(['chunk', 'tf-backend-cpu.fesm']);
    expect(statSync(bundle).size).toBeLessThan(5 * 1024 * 1024);
  });

  it('loads half_plus_two and predicts on the wasm backend from a directory without node_modules', async () => {
    const { stdout } = await run(dir);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { engine: string; backend: string; y: number[] };
    expect(result.engine).toBe('portable');
    expect(result.backend).toBe('wasm');
    expect(result.y).toEqual([2.5, 3, 4.5]);
  }, 60_000);

  // The heavy target's image: the bundle holds tfjs-core's flat ES module build, tfjs-node (never bundled) its own
  // CommonJS copy; both must share one engine. Runs where the native engine is built (scripts/build-native-engine.sh).
  it.skipIf(!nativeAvailable)('predicts on the native engine (tfjs-node outside the bundle) beside the bundled tfjs', async () => {
    const tfjsNode = process.env.TF_SERVERLESS_TFJS_NODE ?? dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-node/package.json'));
    const { stdout } = await exec(process.execPath, [bundle, join(REPO, 'models', 'half_plus_two', '1'), 'native'], {
      cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, TF_SERVERLESS_TFJS_NODE: tfjsNode }, timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { engine: string; backend: string; y: number[] };
    expect(result).toEqual({ engine: 'native', backend: 'tensorflow', y: [2.5, 3, 4.5] });
  }, 60_000);
});
