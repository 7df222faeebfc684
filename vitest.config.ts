import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

// VITEST_JSON_REPORT (set by .ci/run) adds vitest's JSON reporter so CI can print "N passed, N failed".
const jsonReport = process.env.VITEST_JSON_REPORT;

// Node 22 is the supported major (package.json engines). On an older Node the AWS SDK prints a 9-line
// NodeVersionSupportWarning once per process that builds a client (17 times in a full run); tests only,
// set here so the forked workers and the bin scripts they spawn inherit it. Users on Node < 22 still see it.
if (Number(process.versions.node.split('.')[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The Lambda bundles take the tfjs packages' flat ES module builds (dist/*.fesm.js, ES2017; scripts/esbuild-plugins.cjs)
// while Node resolves their CommonJS node builds for the tests. The project 'tfjs-esm' runs the engine's golden
// suites again on the bundles' builds (inlined so vite resolves them: Node would read them as CommonJS);
// `npx vitest run --config vitest.tfjs-esm.config.ts test/engine test/api` runs every engine test that way.
const require = createRequire(import.meta.url);
const FLAT: Record<string, string> = {
  '@tensorflow/tfjs-core': 'tf-core',
  '@tensorflow/tfjs-converter': 'tf-converter',
  '@tensorflow/tfjs-backend-wasm': 'tf-backend-wasm',
  '@tensorflow/tfjs-backend-cpu': 'tf-backend-cpu',
};
export const tfjsEsmAlias = Object.entries(FLAT).map(([pkg, name]) => ({
  find: new RegExp(`^${pkg.replace('/', '\\/')}$`),
  replacement: join(dirname(require.resolve(pkg)), `${name}.fesm.js`),
}));
export const tfjsEsmInline = [/@tensorflow[\\/]tfjs-(core|converter|backend-wasm|backend-cpu)/];
const ESM_SUITES = ['test/engine/zoo-wasm.test.ts', 'test/engine/golden.test.ts', 'test/engine/portable/lean-executor-wasm.test.ts', 'test/engine/portable/lean-ops-wasm.test.ts', 'test/engine/portable/serving-artifact-wasm.test.ts'];

/** What every run of the suite shares (also vitest.tfjs-esm.config.ts). */
export const COMMON_TEST: { globalSetup: string[]; testTimeout: number; hookTimeout: number; pool: 'forks' } = { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' };

export default defineConfig({
  test: {
    ...COMMON_TEST,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'] } },
      { extends: true, resolve: { alias: tfjsEsmAlias }, test: { name: 'tfjs-esm', include: ESM_SUITES, server: { deps: { inline: tfjsEsmInline } } } },
    ],
  },
});
