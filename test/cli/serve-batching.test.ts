// `serve --enable_batching [--batching_parameters_file=F]` as tensorflow_model_server takes them: the parameters in
// effect are logged, concurrent requests are answered through the batcher, and a bad file or flag combination
// stops the server with TF Serving's words and exit code 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { type ServeProcess, startServe } from '../helpers/serve-process.ts';

const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

function modelBase(): string {
  const base = tempBase();
  copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
  return base;
}

function parametersFile(text: string): string {
  const path = join(tempBase(), 'batching_parameters.txt');
  writeFileSync(path, text);
  return path;
}

async function serve(...args: string[]): Promise<ServeProcess> {
  const p = await startServe(['--rest_api_port=0', '--port=0', '--host=127.0.0.1', `--model_base_path=${modelBase()}`, ...args]);
  running.push(p);
  return p;
}

/** The output and exit code of a serve that must fail to start. */
async function failure(...args: string[]): Promise<{ code: number; output: string }> {
  return serve(...args).then(
    () => { throw new Error('serve started, but it should have refused'); },
    (e: { code: number; output: string }) => e,
  );
}

describe('serve --enable_batching', () => {
  it('logs the parameters from the file and answers concurrent requests through the batcher', async () => {
    const file = parametersFile('max_batch_size { value: 8 }\nbatch_timeout_micros { value: 5000 }\nallowed_batch_sizes: [4, 8]\nnum_batch_threads { value: 1 }\n');
    const p = await serve('--enable_batching', `--batching_parameters_file=${file}`);
    expect(p.output()).toMatch(/I tf-serverless\] Batching enabled: max_batch_size=8 batch_timeout_micros=5000 max_enqueued_batches=10 num_batch_threads=1 allowed_batch_sizes=\[4,8\]/);
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(async (v) => {
      const res = await fetch(`${p.url}/v1/models/default:predict`, { method: 'POST', body: JSON.stringify({ instances: [v, v + 1] }) });
      return res.json();
    }));
    expect(answers).toEqual([1, 2, 3, 4, 5, 6].map((v) => ({ predictions: [v / 2 + 2, (v + 1) / 2 + 2] })));
  });

  it('uses TF Serving\'s defaults without a parameters file', async () => {
    const p = await serve('--enable_batching');
    expect(p.output()).toMatch(/Batching enabled: max_batch_size=1000 batch_timeout_micros=0 max_enqueued_batches=10 num_batch_threads=\d+ pad_variable_length_inputs=false/);
  });

  it.each([
    ['an unparsable file', 'max_batch_size: 8', (f: string) => `Error parsing text-format tensorflow.serving.BatchingParameters: ${f}:1:17: Expected "{" or "<" but found "8"\nInvalid protobuf file: '${f}'`],
    ['allowed sizes that do not end at max_batch_size', 'max_batch_size { value: 8 } allowed_batch_sizes: [2, 4]', () => 'Last entry in allowed_batch_sizes must match max_batch_size; last entry was 4; expected 8'],
  ])('stops with exit code 1 on %s', async (_scenario, text, message) => {
    const file = parametersFile(text);
    const { code, output } = await failure('--enable_batching', `--batching_parameters_file=${file}`);
    expect(code).toBe(1);
    expect(output).toContain(message(file));
  });

  it('refuses a parameters file without --enable_batching, as TF Serving does', async () => {
    const { code, output } = await failure(`--batching_parameters_file=${parametersFile('')}`);
    expect(code).toBe(1);
    expect(output).toContain('server_options.batching_parameters_file is set without setting server_options.enable_batching to true.');
  });

  it('names a parameters file that does not exist', async () => {
    const { code, output } = await failure('--enable_batching', '--batching_parameters_file=/nonexistent/batching.txt');
    expect(code).toBe(1);
    expect(output).toContain('/nonexistent/batching.txt; No such file or directory');
  });
});
