// The test suite against the tfjs builds the Lambda bundles contain: scripts/esbuild-plugins.cjs bundles the tfjs
// packages' flat ES module builds (dist/*.fesm.js, ES2017), while Node resolves their CommonJS node builds (ES5)
// for the default config. `npx vitest run --config vitest.tfjs-esm.config.ts test/engine test/api` runs the same
// tests with the bundles' builds (inlined so vite resolves them, since Node would read them as CommonJS).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

const require = createRequire(import.meta.url);
const FLAT: Record<string, string> = {
  '@tensorflow/tfjs-core': 'tf-core',
  '@tensorflow/tfjs-converter': 'tf-converter',
  '@tensorflow/tfjs-backend-wasm': 'tf-backend-wasm',
  '@tensorflow/tfjs-backend-cpu': 'tf-backend-cpu',
};

export default mergeConfig(base, defineConfig({
  resolve: {
    alias: Object.entries(FLAT).map(([pkg, name]) => ({
      find: new RegExp(`^${pkg.replace('/', '\\/')}$`),
      replacement: join(dirname(require.resolve(pkg)), `${name}.fesm.js`),
    })),
  },
  test: { server: { deps: { inline: [/@tensorflow[\\/]tfjs-(core|converter|backend-wasm|backend-cpu)/] } } },
}));
