import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServable, type Servable } from '../../lib/engine/index.ts';
import { isServingError, type ServingError } from '../../lib/errors/index.ts';
import { MAX_WARMUP_RECORDS, replayWarmup, WARMUP_REQUESTS_PATH, type ModelWarmupOptions } from '../../lib/loader/model-warmup.ts';
import { type ModelFiles, modelFilesFromMap, SavedModel } from '../../lib/savedmodel/index.ts';
import { CountingServable } from '../helpers/counting-servable.ts';
import { BUNDLED_MODELS, LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { trackTensors } from '../helpers/leak-check.ts';
import { predictionLog, writeTFRecords } from '../helpers/tfrecord-writer.ts';

trackTensors('wasm'); // every test leaves tf.memory().numTensors where it found it

let fixture: SavedModel;
let halfPlusTwo: SavedModel;
const loaded: Servable[] = [];
beforeAll(async () => {
  fixture = await SavedModel.fromDir(join(LOCAL_FIXTURES, 'assets_extra_model/1'));
  halfPlusTwo = await SavedModel.fromDir(join(BUNDLED_MODELS, 'half_plus_two/1'));
  loaded.push(await loadServable(fixture), await loadServable(halfPlusTwo));
});
afterAll(() => loaded.forEach((s) => s.dispose()));

/** A fresh counter over the real servable of the fixture (0) or of models/half_plus_two/1 (1). */
const counting = (which: 0 | 1) => new CountingServable(loaded[which]);

/** models/half_plus_two/1's files plus a warm-up file made of `records`. */
function withWarmup(records: Uint8Array[] | Uint8Array): ModelFiles {
  const files = new Map(halfPlusTwo.files.paths().map((p) => [p, halfPlusTwo.files.get(p)!] as const));
  files.set(WARMUP_REQUESTS_PATH, Array.isArray(records) ? writeTFRecords(records) : records);
  return modelFilesFromMap(files);
}

async function failure(p: Promise<unknown>): Promise<ServingError> {
  try {
    await p;
  } catch (e) {
    if (isServingError(e)) return e;
    throw e;
  }
  throw new Error('expected a ServingError');
}

const floats = (values: number[]) => ({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: values.length }] }, float_val: values });
const spec = (signature_name = '') => ({ name: 'half_plus_two', signature_name });
const predict = (signature: string, inputs: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  predictionLog({ predict_log: { request: { model_spec: spec(signature), inputs, ...more } } });
const example = (x?: number) => ({ features: { feature: x === undefined ? {} : { x: { float_list: { value: [x] } } } } });
const exampleList = (...xs: number[]) => ({ example_list: { examples: xs.map((x) => example(x)) } });
const classify = (signature: string, input: unknown) => predictionLog({ classify_log: { request: { model_spec: spec(signature), input } } });
const regress = (signature: string, input: unknown) => predictionLog({ regress_log: { request: { model_spec: spec(signature), input } } });
const values = (s: CountingServable, run: number, alias: string) => Array.from(s.runs[run].outputs.get(alias)!.data as Float32Array);

describe('replayWarmup on the TensorFlow-made fixture', () => {
  it('replays its 3 PredictionLog records on the loaded servable', async () => {
    const s = counting(0);
    await expect(replayWarmup(s, fixture.files)).resolves.toEqual({ records: 3 });
    expect(s.runs.map((r) => r.signature)).toEqual(['serving_default', 'serving_default', 'regress_x_to_y']);
    // TensorFlow's answers for these requests (test/fixtures/models/README.md)
    expect(values(s, 0, 'y')).toEqual([2.5, 3, 3.5]);
    expect(values(s, 1, 'y')).toEqual([7, 0]);
    expect(values(s, 2, 'outputs')).toEqual([4, 1]);
  });

  it('runs every record `iterations` times', async () => {
    const s = counting(0);
    await expect(replayWarmup(s, fixture.files, { iterations: 3 })).resolves.toEqual({ records: 3 });
    expect(s.count()).toBe(9);
  });

  it('does nothing when the version has no warm-up file', async () => {
    const s = counting(1);
    await expect(replayWarmup(s, halfPlusTwo.files)).resolves.toEqual({ records: 0 });
    expect(s.count()).toBe(0);
  });

  it('treats an empty warm-up file as zero records, as TensorFlow\'s reader does', async () => {
    await expect(replayWarmup(counting(1), withWarmup([]))).resolves.toEqual({ records: 0 });
  });
});

describe('replayWarmup with classify, regress and multi-inference logs (models/half_plus_two/1)', () => {
  it('runs a classify log on classify_x_to_y and a regress log on regress_x_to_y', async () => {
    const s = counting(1);
    const files = withWarmup([classify('classify_x_to_y', exampleList(4, -2)), regress('regress_x_to_y', exampleList(10))]);
    await expect(replayWarmup(s, files)).resolves.toEqual({ records: 2 });
    expect(s.runs.map((r) => r.signature)).toEqual(['classify_x_to_y', 'regress_x_to_y']);
    expect(values(s, 0, 'scores')).toEqual([4, 1]);
    expect(values(s, 1, 'outputs')).toEqual([7]);
  });

  it('merges the context into each example; an example\'s own feature wins', async () => {
    const s = counting(1);
    const input = { example_list_with_context: { context: example(10), examples: [example(), example(2)] } };
    await expect(replayWarmup(s, withWarmup([regress('regress_x_to_y', input)]))).resolves.toEqual({ records: 1 });
    expect(values(s, 0, 'outputs')).toEqual([7, 3]);
  });

  it('runs every task of a multi-inference log', async () => {
    const s = counting(1);
    const tasks = [
      { model_spec: spec('classify_x_to_y'), method_name: 'tensorflow/serving/classify' },
      { model_spec: spec('regress_x_to_y'), method_name: 'tensorflow/serving/regress' },
    ];
    const log = predictionLog({ multi_inference_log: { request: { tasks, input: exampleList(6) } } });
    await expect(replayWarmup(s, withWarmup([log]))).resolves.toEqual({ records: 1 });
    expect(s.runs.map((r) => [r.signature, [...r.outputs.values()][0].data[0]])).toEqual([['classify_x_to_y', 5], ['regress_x_to_y', 5]]);
  });

  it('counts a record with no log type without running anything', async () => {
    const s = counting(1);
    await expect(replayWarmup(s, withWarmup([predictionLog({})]))).resolves.toEqual({ records: 1 });
    expect(s.count()).toBe(0);
  });
});

describe('replayWarmup failures fail the load', () => {
  const good = () => predict('serving_default', { x: floats([1]) });

  it(`refuses more than ${MAX_WARMUP_RECORDS} records (TF Serving's kMaxNumRecords)`, async () => {
    const s = counting(1);
    const err = await failure(replayWarmup(s, withWarmup(Array.from({ length: MAX_WARMUP_RECORDS + 1 }, good))));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe(`Number of warmup records exceeds the maximum (1000) at ${WARMUP_REQUESTS_PATH}`);
    expect(s.count()).toBe(MAX_WARMUP_RECORDS);
  });

  it(`accepts exactly ${MAX_WARMUP_RECORDS} records`, async () => {
    const files = withWarmup(Array.from({ length: MAX_WARMUP_RECORDS }, good));
    await expect(replayWarmup(counting(1), files)).resolves.toEqual({ records: MAX_WARMUP_RECORDS });
  });

  it('honours a smaller maxRecords', async () => {
    const err = await failure(replayWarmup(counting(1), withWarmup([good(), good()]), { maxRecords: 1 }));
    expect(err.message).toBe(`Number of warmup records exceeds the maximum (1) at ${WARMUP_REQUESTS_PATH}`);
  });

  it('reports a corrupt record as DATA_LOSS after running the records before it', async () => {
    const s = counting(1);
    const file = writeTFRecords([good(), good()]);
    file[file.length - 1] ^= 0xff; // the second record's data crc
    const err = await failure(replayWarmup(s, withWarmup(file)));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toBe(
      `corrupted record at ${good().length + 16 + 12} (data of record 1 in ${WARMUP_REQUESTS_PATH}). Please verify your warmup data is in TFRecord format.`,
    );
    expect(s.count()).toBe(1);
  });

  it('refuses a record that is not a PredictionLog', async () => {
    const err = await failure(replayWarmup(counting(1), withWarmup([new Uint8Array([0xff, 0xff, 0xff])])));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe(`Failed to parse warmup record: \\377\\377\\377 from ${WARMUP_REQUESTS_PATH}`);
  });

  it.each([
    ['predict_streamed_log', predictionLog({ predict_streamed_log: { request: [{}] } }), 'Unsupported log_type for warmup: 7'],
    ['session_run_log (field 5, not in our schema)', new Uint8Array([0x2a, 0x00]), 'Unsupported log_type for warmup: 5'],
  ])('refuses a %s as UNIMPLEMENTED', async (_scenario, record, message) => {
    const err = await failure(replayWarmup(counting(1), withWarmup([record])));
    expect(err.code).toBe('UNIMPLEMENTED');
    expect(err.message).toBe(`${message} (warm-up record 0 of ${WARMUP_REQUESTS_PATH})`);
  });

  it.each([
    ['an unknown predict signature', predict('nope', { x: floats([1]) }), 'FAILED_PRECONDITION', 'Serving signature key "nope" not found.'],
    ['a misnamed predict input', predict('', { z: floats([1]) }), 'INVALID_ARGUMENT', 'Signature input alias: x(feed name: '],
    ['a missing predict input', predict('', {}), 'INVALID_ARGUMENT',
      'input size does not match signature: 0!=1 len({}) != len({x}). Sent extra: {}. Missing but required: {x}.'],
    ['an unparsable input tensor', predict('', { x: { ...floats([1, 2, 3]), tensor_shape: { dim: [{ size: 2 }] } } }), 'INVALID_ARGUMENT',
      'tensor parsing error: x'],
    ['an unknown output_filter alias', predict('', { x: floats([1]) }, { output_filter: ['z'] }), 'INVALID_ARGUMENT',
      'output tensor alias not found in signature: z Outputs expected to be in the set {y}.'],
    ['a repeated output_filter alias', predict('', { x: floats([1]) }, { output_filter: ['y', 'y'] }), 'INVALID_ARGUMENT', 'duplicate output tensor alias: y'],
    ['an unknown classify signature', classify('nope', exampleList(1)), 'INVALID_ARGUMENT', 'No signature was found with the name: nope'],
    ['classify on a predict signature', classify('', exampleList(1)), 'INVALID_ARGUMENT', 'No classification inputs found in SignatureDef: '],
    ['regress with no examples', regress('regress_x_to_y', { example_list: { examples: [] } }), 'INVALID_ARGUMENT', 'Input is empty.'],
    ['regress with no input at all', regress('regress_x_to_y', undefined), 'INVALID_ARGUMENT', 'Input is empty.'],
    ['regress on examples without the feature', regress('regress_x_to_y', { example_list: { examples: [example()] } }), 'INVALID_ARGUMENT',
      'Name: <unknown>, Feature: x (data type: float) is required but could not be found.'],
  ])('refuses %s', async (_scenario, record, code, message) => {
    const s = counting(1);
    const err = await failure(replayWarmup(s, withWarmup([record])));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.message).toContain(`(warm-up record 0 of ${WARMUP_REQUESTS_PATH})`);
    expect(s.count()).toBe(0);
  });

  it.each([
    ['two tasks on one signature', [['regress_x_to_y', 'regress'], ['regress_x_to_y', 'regress']], 'INVALID_ARGUMENT',
      'Duplicate evaluation of signature: regress_x_to_y'],
    ['an unknown signature', [['nope', 'regress']], 'INVALID_ARGUMENT', 'Requested signature not found in model graph: nope'],
    ['a predict method', [['serving_default', 'predict']], 'UNIMPLEMENTED', 'Unsupported signature method_name: tensorflow/serving/predict'],
    ['an empty model name', [['regress_x_to_y', 'regress', '']], 'INVALID_ARGUMENT', 'Found ModelSpec with an empty model name.'],
    ['two model names', [['regress_x_to_y', 'regress'], ['classify_x_to_y', 'classify', 'other']], 'INVALID_ARGUMENT',
      'All ModelSpecs in a MultiInferenceRequest must access the same model name.'],
  ])('refuses a multi-inference log with %s', async (_scenario, taskList, code, message) => {
    const tasks = taskList.map(([signature_name, method, name = 'half_plus_two']) => ({
      model_spec: { name, signature_name },
      method_name: `tensorflow/serving/${method}`,
    }));
    const s = counting(1);
    const err = await failure(replayWarmup(s, withWarmup([predictionLog({ multi_inference_log: { request: { tasks, input: exampleList(1) } } })])));
    expect(err.code).toBe(code);
    expect(err.message).toBe(`${message} (warm-up record 0 of ${WARMUP_REQUESTS_PATH})`);
    expect(s.count()).toBe(0);
  });

  it.each([
    ['an unknown option', { maxRecord: 5 }],
    ['zero iterations', { iterations: 0 }],
    ['a fractional maxRecords', { maxRecords: 1.5 }],
  ])('refuses %s', async (_scenario, options) => {
    const err = await failure(replayWarmup(counting(0), fixture.files, options as ModelWarmupOptions));
    expect(err.code).toBe('INVALID_ARGUMENT');
  });

  it('the fixture file really is the one TensorFlow wrote (not rebuilt by these tests)', () => {
    const onDisk = readFileSync(join(LOCAL_FIXTURES, 'assets_extra_model/1', WARMUP_REQUESTS_PATH));
    expect(Buffer.compare(onDisk, fixture.files.get(WARMUP_REQUESTS_PATH)!)).toBe(0);
  });
});
