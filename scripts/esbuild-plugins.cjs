// esbuild plugins for the Lambda bundles: serverless-esbuild loads this file (`custom.esbuild.plugins` in
// serverless.yml) with require(), hence CommonJS; scripts/bundle-function.mjs uses it too.
// What it does:
//  - copies the three tfjs-backend-wasm binaries next to the bundle, into esbuild's outdir
//    (lib/engine/portable/backend.ts finds them beside the bundle and passes their absolute paths to
//    setWasmPaths). The protobuf schemas need no copy: lib/proto/schemas.json is bundled.
//  - replaces `node-fetch` (310 KB with whatwg-url and tr46's tables) by the global fetch: tfjs-core's node
//    platform requires it only where `globalThis.fetch` is missing, never on Node >= 18.
//  - routes our code's imports of the tfjs packages (CommonJS builds) through one ESM module per package, so
//    esbuild's CommonJS interop (`__toESM`, a getter per export) runs once instead of once per importing file:
//    tfjs-core has ~1,500 exports and ~70 of our files import it (~55 ms of a profiled cold start, BENCHMARKS.md).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

// ESM output still meets CommonJS inside (tfjs's node builds, protobufjs): define what they expect.
// Keep serverless.yml's custom.esbuild.banner.js identical (test/deploy checks the packaged bundle).
const BANNER =
  "import { createRequire as __tfsCreateRequire } from 'node:module';" +
  " import { fileURLToPath as __tfsFileURLToPath } from 'node:url';" +
  " import { dirname as __tfsDirname } from 'node:path';" +
  ' const require = __tfsCreateRequire(import.meta.url);' +
  ' const __filename = __tfsFileURLToPath(import.meta.url);' +
  ' const __dirname = __tfsDirname(__filename);';

function wasmDir() {
  // The package's main is dist/tf-backend-wasm.node.js; the binaries sit beside it.
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

/** Copies the wasm binaries into the build's outdir after every successful build. */
function copyRuntimeAssets() {
  return {
    name: 'tfs-runtime-assets',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const { outdir, outfile } = build.initialOptions;
        const dest = outdir ?? (outfile ? path.dirname(outfile) : undefined);
        if (!dest) throw new Error('tfs-runtime-assets: esbuild needs outdir or outfile');
        fs.mkdirSync(dest, { recursive: true });
        const from = wasmDir();
        for (const name of WASM_FILES) fs.copyFileSync(path.join(from, name), path.join(dest, name));
      });
    },
  };
}

/** Resolves `node-fetch` to a one-line module exporting the global fetch (see the header). */
function globalFetchForNodeFetch() {
  return {
    name: 'tfs-global-fetch',
    setup(build) {
      build.onResolve({ filter: /^node-fetch$/ }, () => ({ path: 'node-fetch', namespace: 'tfs-global-fetch' }));
      build.onLoad({ filter: /.*/, namespace: 'tfs-global-fetch' }, () => ({
        contents: 'module.exports = globalThis.fetch;',
        loader: 'js',
      }));
    },
  };
}

/** CommonJS packages our ESM code imports from many files; see onceInteropFor. */
const SHARED_INTEROP = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-backend-wasm'];

/**
 * Resolves a CommonJS package, when imported from outside node_modules, to one virtual ESM module that
 * re-exports it (`export * from`): esbuild then wraps the package in its interop once, not once per importer.
 * The package's own requires (tfjs-converter requiring tfjs-core) stay plain `require` and are untouched.
 */
function onceInteropFor(packages = SHARED_INTEROP) {
  const names = new Set(packages);
  return {
    name: 'tfs-once-interop',
    setup(build) {
      const escaped = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => {
        if (args.namespace === 'tfs-once-interop' || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
        return { path: args.path, namespace: 'tfs-once-interop' };
      });
      build.onLoad({ filter: /.*/, namespace: 'tfs-once-interop' }, (args) => {
        if (!names.has(args.path)) return undefined;
        return { contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: __dirname };
      });
    },
  };
}

// serverless-esbuild calls a function export to get the plugin list.
module.exports = () => [copyRuntimeAssets(), globalFetchForNodeFetch(), onceInteropFor()];
module.exports.copyRuntimeAssets = copyRuntimeAssets;
module.exports.BANNER = BANNER;
module.exports.WASM_FILES = WASM_FILES;
