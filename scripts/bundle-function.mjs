// Bundles one function entry the way serverless.yml's custom.esbuild does, for builds outside
// `serverless package`: the heavy-model container image (infra/gpu/Dockerfile) and the deploy checks.
// usage: node scripts/bundle-function.mjs <entry.ts> <outdir>   → <outdir>/<name>.mjs + .wasm + .proto tree
import { build } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import plugins from './esbuild-plugins.cjs';

/** Never bundled: the native engine's optional package (a guarded import; present only in the image). */
export const EXTERNAL = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

/**
 * @param {{ entry: string, outdir: string, minify?: boolean }} options
 * @returns {Promise<string>} the bundle's path
 * @example await bundleFunction({ entry: 'functions/api.ts', outdir: '/tmp/out' });
 */
export async function bundleFunction({ entry, outdir, minify = true }) {
  await build({
    entryPoints: [entry],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic import()s become chunks loaded when first used (the AWS SDKs, the heavy function's client): code the
    // predict path never runs is never compiled at a cold start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // tfjs backends register themselves in module side effects that tree-shaking annotations would drop.
    ignoreAnnotations: true,
    banner: { js: plugins.BANNER },
    external: EXTERNAL,
    plugins: plugins(),
    logLevel: 'warning',
  });
  return `${outdir}/${basename(entry).replace(/\.[cm]?[jt]s$/, '')}.mjs`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node scripts/bundle-function.mjs <entry.ts> <outdir>');
    process.exit(2);
  }
  console.log(await bundleFunction({ entry, outdir }));
}
