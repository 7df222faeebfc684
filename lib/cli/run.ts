// `tf-serverless run`: one TF Serving request body through the engine, like `saved_model_cli run`.
// Prints the response JSON on stdout; errors as {"error": …} with a non-zero exit (see main.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type InferenceMethod, INFERENCE_METHODS, runOnServable } from '../api/index.ts';
import { loadServable } from '../engine/index.ts';
import { ServingError } from '../errors/index.ts';
import { SavedModel } from '../savedmodel/index.ts';

export const RUN_USAGE = `Usage: tf-serverless run --dir VERSION_DIR --request JSON|@file [--method predict|classify|regress]
                        [--tag_set serve] [--engine portable|native|auto] [--backend wasm|cpu]

  --request   the request body, as text or @path (sent as is: 80.0 stays a float feature)
  --method    predict (default), classify or regress; the signature comes from the body's signature_name`;

/** Runs the command; returns the response body. Throws ServingError for user errors. */
export async function run(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      request: { type: 'string' },
      method: { type: 'string', default: 'predict' },
      tag_set: { type: 'string' },
      engine: { type: 'string', default: 'portable' },
      backend: { type: 'string', default: 'wasm' },
    },
    strict: true,
  });
  if (!values.dir || values.request === undefined) throw new ServingError('INVALID_ARGUMENT', `--dir and --request are required\n\n${RUN_USAGE}`);
  const method = values.method as InferenceMethod;
  if (!INFERENCE_METHODS.includes(method)) throw new ServingError('INVALID_ARGUMENT', `--method must be one of ${INFERENCE_METHODS.join(', ')}`);
  if (!['portable', 'native', 'auto'].includes(values.engine!)) throw new ServingError('INVALID_ARGUMENT', '--engine must be portable, native or auto');
  if (!['wasm', 'cpu'].includes(values.backend!)) throw new ServingError('INVALID_ARGUMENT', '--backend must be wasm or cpu');
  const body = values.request.startsWith('@') ? await readRequestFile(values.request.slice(1)) : values.request;
  const model = await SavedModel.fromDir(values.dir);
  const servable = await loadServable(model, {
    engine: values.engine as 'portable' | 'native' | 'auto',
    backend: values.backend as 'wasm' | 'cpu',
    tags: values.tag_set?.split(',').filter(Boolean),
  });
  try {
    return await runOnServable(servable, method, body);
  } finally {
    servable.dispose();
  }
}

/** The body of `--request @path`; a missing file is a one-line INVALID_ARGUMENT saying how to pass the body instead. */
async function readRequestFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
    throw new ServingError('INVALID_ARGUMENT',
      `request file ${path} not found (--request @FILE reads a file): write the body there, or pass it inline, e.g. --request '{"instances": [1.0, 2.0]}'`);
  }
}
