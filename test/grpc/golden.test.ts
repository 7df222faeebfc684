// Every golden case (computed by TensorFlow itself) through the gRPC API: the case's REST JSON request becomes
// TensorProtos (Predict) or tf.Examples (Classify/Regress) with lib/api's decoders, the answer is written back
// as TF Serving JSON and compared with the golden response within the case's atol/rtol. Also checks that no
// request leaves tensors behind.
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePredictRequest, encodePredictResponse } from '../../lib/api/index.ts';
import { exampleFromJson } from '../../lib/api/json/example-features.ts';
import { JsonObject, type JsonValue, parseJson } from '../../lib/api/json/json-parse.ts';
import { decodeTensorProto, type HostTensor } from '../../lib/engine/index.ts';
import { encodeTensorProto } from '../../lib/tensor/index.ts';
import { protoType } from '../../lib/proto/index.ts';
import { type MetaGraph, SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { BUNDLED_MODELS, type GoldenCase, goldenFiles, LOCAL_FIXTURES, SHARED_FIXTURES, versionDir } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS)];
const grpc = useGrpcServer({ models: Object.fromEntries(goldens.map((g) => [g.model, g.modelDir])) });

const metaGraphs = new Map<string, Promise<MetaGraph>>();
function metaGraphOf(dir: string): Promise<MetaGraph> {
  if (!metaGraphs.has(dir)) metaGraphs.set(dir, SavedModel.fromDir(dir).then((m) => m.metaGraph()));
  return metaGraphs.get(dir)!;
}

const EXAMPLE = protoType('tensorflow.Example');
const exampleOf = (v: JsonValue) => EXAMPLE.decode(exampleFromJson(v));

/** Predict: JSON body → PredictRequest → PredictResponse → TF Serving JSON (row or columnar, as the request). */
async function predictJson(model: string, c: GoldenCase, meta: MetaGraph): Promise<string> {
  const req = decodePredictRequest(c.request_body, (name) => meta.signature(name));
  const inputs = Object.fromEntries([...req.inputs].map(([alias, t]) => [alias, encodeTensorProto(t)]));
  const spec = { name: model, version: { value: c.version }, signature_name: req.signatureName };
  const res = await grpc.call('Predict', { model_spec: spec, inputs });
  expect(res.model_spec.signature_name).toBe(req.signatureName);
  const outputs = new Map<string, HostTensor>(Object.entries(res.outputs as Record<string, Message>).map(([alias, p]) => [alias, decodeTensorProto(p, alias)]));
  return encodePredictResponse(req.format, outputs);
}

/** Classify/Regress: JSON examples (and context) → tf.Examples → result → {"results": …} as TF Serving writes it. */
async function examplesJson(model: string, c: GoldenCase): Promise<string> {
  const body = parseJson(c.request_body) as JsonObject;
  const examples = (body.get('examples') as JsonValue[]).map(exampleOf);
  const context = body.get('context');
  const input = context === undefined ? { example_list: { examples } } : { example_list_with_context: { examples, context: exampleOf(context) } };
  const spec = { name: model, version: { value: c.version }, signature_name: (body.get('signature_name') as string | undefined) ?? '' };
  if (c.method === 'classify') {
    const res = await grpc.call('Classify', { model_spec: spec, input });
    const rows = res.result.classifications.map((k: Message) => k.classes.map((x: Message) => [x.label, x.score]));
    return JSON.stringify({ results: rows });
  }
  const res = await grpc.call('Regress', { model_spec: spec, input });
  return JSON.stringify({ results: res.result.regressions.map((r: Message) => r.value) });
}

describe.each(goldens.map((g) => [g.model, g] as const))('gRPC golden: %s', (model, g) => {
  const rawCases = (parseJson(readFileSync(g.file, 'utf8')) as JsonObject).get('cases') as JsonObject[];
  it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}${c.note ? ` (${c.note.slice(0, 60)})` : ''}`, i] as const))('%s', async (_label, i) => {
    const c = g.cases[i];
    const dir = versionDir(g.modelDir, c.version);
    (await grpc.provider.acquire({ name: model, version: BigInt(c.version) })).release(); // load first: weights are not a leak
    const before = tf.memory().numTensors;
    const got = c.method === 'predict' ? await predictJson(model, c, await metaGraphOf(dir)) : await examplesJson(model, c);
    expect(diffJson(parseJson(got), rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    expect(grpc.provider.outstanding).toBe(0);
    expect(grpc.internalErrors).toEqual([]);
  });
});
