// The container images' entry process, verified without Docker (issue 15): the server target's ENTRYPOINT from
// infra/container/Dockerfile (the GPU image runs the same command), run here as a process with the locally built
// native engine (TF_SERVERLESS_TFJS_NODE), answers golden cases of heavy, transformer, image and bundled models over
// HTTP with TensorFlow's answers. Only /app → the repository, the listening address and the ports are changed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../lib/api/json/json-parse.ts';
import { diffJson } from '../api/golden-cases.ts';
import { nativeAvailable } from '../engine/native/native-available.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { type ServeProcess, startServe } from '../helpers/serve-process.ts';

/** The JSON-array form of a Dockerfile instruction in the stage `stage`. */
function instruction(dockerfile: string, stage: string, name: 'ENTRYPOINT' | 'CMD'): string[] {
  const text = readFileSync(join(REPO_ROOT, dockerfile), 'utf8');
  const body = text.split(/^FROM /m).find((s) => new RegExp(`^\\S+ AS ${stage}\\s*$`, 'm').test(s.split('\n')[0]))!;
  return JSON.parse(new RegExp(`^${name} (\\[.*\\])$`, 'm').exec(body)![1]) as string[];
}

const MODELS: [name: string, dir: string][] = [
  ['special_functions', 'test/fixtures/heavy/special_functions'],
  ['bert_classifier', 'test/fixtures/zoo/transformer/bert_classifier'],
  ['causal_lm', 'test/fixtures/zoo/transformer/causal_lm'],
  ['decoders', 'test/fixtures/zoo/image/decoders'],
  ['half_plus_two', 'models/half_plus_two'],
];
const cases = MODELS.flatMap(([, dir]) => (JSON.parse(readFileSync(join(REPO_ROOT, `${dir}.golden.json`), 'utf8')).cases as { path: string; request_body: string; response: unknown; atol: number; rtol: number; method: string }[]));

describe.each(['infra/container/Dockerfile', 'infra/gpu/Dockerfile'])('%s', (dockerfile) => {
  it('starts the server with the native engine, TF Serving ports and batching on', () => {
    const entry = instruction(dockerfile, dockerfile.includes('gpu') ? 'gpu' : 'server', 'ENTRYPOINT');
    expect(entry.slice(0, 4)).toEqual(['node', 'bin/tf-serverless.js', 'serve', '--engine=native']);
    expect(entry).toEqual(expect.arrayContaining(['--port=8500', '--rest_api_port=8501', '--enable_batching', '--batching_parameters_file=/app/infra/batching.config']));
  });
});

describe.skipIf(!nativeAvailable)('the server image\'s entry process, run with the locally built native engine', () => {
  let server: ServeProcess;
  beforeAll(async () => {
    const entry = instruction('infra/container/Dockerfile', 'server', 'ENTRYPOINT').slice(3) // after `node bin/tf-serverless.js serve`
      .map((a) => a.replace('/app/', `${REPO_ROOT}/`).replace('--host=0.0.0.0', '--host=127.0.0.1').replace(/^--(rest_api_)?port=\d+$/, '--$1port=0'));
    const config = join(mkdtempSync(join(tmpdir(), 'entry-')), 'models.config');
    writeFileSync(config, `model_config_list {\n${MODELS.map(([n, d]) => `  config { name: "${n}" base_path: "${join(REPO_ROOT, d)}" model_platform: "tensorflow" }`).join('\n')}\n}\n`);
    server = await startServe([...entry, `--model_config_file=${config}`], { timeoutMs: 120_000, readyLine: /Serving |Not every model/ });
  }, 150_000);
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it.each(cases.map((c, i) => [`${c.path} #${i}`, c] as const))('%s', async (_s, c) => {
    const r = await fetch(`${server.url}${c.path}`, { method: 'POST', body: c.request_body });
    expect(diffJson(parseJson(await r.text()), parseJson(JSON.stringify(c.response)), c.atol, c.rtol)).toBeUndefined();
  });
});
