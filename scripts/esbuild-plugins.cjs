// esbuild plugins for the Lambda bundles: serverless-esbuild loads this file (`custom.esbuild.plugins` in
// serverless.yml) with require(), hence CommonJS; scripts/bundle-function.mjs uses it too.
// What it does: copies the files the bundle reads at run time next to it, into esbuild's outdir:
//  - the three tfjs-backend-wasm binaries (lib/engine/portable/backend.ts finds them beside the bundle and
//    passes their absolute paths to setWasmPaths);
//  - the .proto schemas under lib/proto, keeping their tree (lib/proto/index.ts loads every .proto below the
//    directory of its own module, which in a bundle is the bundle's directory).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const PROTO_DIR = path.join(__dirname, '..', 'lib', 'proto');

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

function protoFiles(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) protoFiles(full, out);
    else if (entry.name.endsWith('.proto')) out.push(path.relative(PROTO_DIR, full));
  }
  return out;
}

/** Copies the wasm binaries and the .proto tree into the build's outdir after every successful build. */
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
        for (const rel of protoFiles(PROTO_DIR)) {
          fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
          fs.copyFileSync(path.join(PROTO_DIR, rel), path.join(dest, rel));
        }
      });
    },
  };
}

// serverless-esbuild calls a function export to get the plugin list.
module.exports = () => [copyRuntimeAssets()];
module.exports.copyRuntimeAssets = copyRuntimeAssets;
module.exports.BANNER = BANNER;
module.exports.WASM_FILES = WASM_FILES;
