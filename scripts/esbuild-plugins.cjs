// esbuild plugins for the Lambda bundles: serverless-esbuild loads this file (`custom.esbuild.plugins` in
// serverless.yml) with require(), hence CommonJS; scripts/bundle-function.mjs uses it too.
// What it does:
//  - copies the three tfjs-backend-wasm binaries next to the bundle, into esbuild's outdir
//    (lib/engine/portable/backend.ts finds them beside the bundle and passes their absolute paths to
//    setWasmPaths). The protobuf schemas need no copy: lib/proto/schemas.json is bundled.
//  - replaces `node-fetch` (310 KB with whatwg-url and tr46's tables) by the global fetch: tfjs-core's node
//    platform requires it only where `globalThis.fetch` is missing, never on Node >= 18.
//  - bundles the tfjs packages' flat ES module builds instead of their CommonJS node builds: esbuild hoists ES
//    modules into one scope, where each CommonJS module is a wrapper function that V8 parses twice and esbuild's
//    interop copies per importing file (`__toESM`: a getter for each of tfjs-core's ~1,500 exports, for each of
//    our ~70 files importing it); the import of the api bundle takes ~25% less CPU (BENCHMARKS.md, issue 13).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

// ESM output still meets CommonJS inside (protobufjs, and tfjs's `require` of Node builtins and `__dirname` in the wasm
// backend's loader): define what they expect.
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

/** The tfjs packages and the file name of their flat ES module build (dist/<name>.fesm.js, next to `main`). */
const TFJS_FLAT_ESM = {
  '@tensorflow/tfjs-core': 'tf-core',
  '@tensorflow/tfjs-converter': 'tf-converter',
  '@tensorflow/tfjs-backend-wasm': 'tf-backend-wasm',
  '@tensorflow/tfjs-backend-cpu': 'tf-backend-cpu',
};

/**
 * Resolves the tfjs packages, from our code and from each other, to their flat ES module builds instead of
 * their CommonJS node builds (`main`). Every importer must get the same build: two copies of tfjs-core would
 * mean two engines. The fesm builds hold the same sources (the node platform included, chosen at run time)
 * compiled to ES2017 rather than ES5, with `require` only for Node builtins (util, crypto, worker_threads),
 * which the bundle's banner defines.
 */
function tfjsFlatEsm() {
  return {
    name: 'tfs-tfjs-flat-esm',
    setup(build) {
      build.onResolve({ filter: /^@tensorflow\/tfjs-(core|converter|backend-wasm|backend-cpu)$/ }, (args) => {
        const main = require.resolve(args.path, { paths: [args.resolveDir || process.cwd()] });
        return { path: path.join(path.dirname(main), `${TFJS_FLAT_ESM[args.path]}.fesm.js`) };
      });
    },
  };
}

// serverless-esbuild calls a function export to get the plugin list.
module.exports = () => [copyRuntimeAssets(), globalFetchForNodeFetch(), tfjsFlatEsm()];
module.exports.copyRuntimeAssets = copyRuntimeAssets;
module.exports.BANNER = BANNER;
module.exports.WASM_FILES = WASM_FILES;
