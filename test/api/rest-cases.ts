// The REST contract as one table (API.md + TF Serving's messages), run three ways: in-process on lib/api,
// over HTTP against lib/server, and (later) through functions/api.ts. The models are the bundled ones,
// served by a real ModelManager: half_plus_two (label stable → 1) and digits.
import { join } from 'node:path';
import { expect } from 'vitest';
import { ModelManager } from '../../lib/loader/index.ts';
import { DirVersionSource } from '../../lib/loader/index.ts';
import { singleModelConfig } from '../../lib/registry/index.ts';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';

export interface RestCase {
  /** One-line scenario. */
  scenario: string;
  method: string;
  path: string;
  body?: string;
  status: number;
  /** The exact error message, or a RegExp it must match. */
  error?: string | RegExp;
  /** The answer as JSON (compared with toEqual), or a check of the parsed answer. */
  json?: unknown;
  check?: (answer: any) => void;
}

const MALFORMED = (m: string, p: string): RestCase => ({ scenario: `${m} ${p} is malformed`, method: m, path: p, status: 400, error: `Malformed request: ${m} ${p}` });
const PREDICT = '{"instances": [1.0, 2.0, 5.0]}';
const PREDICTIONS = { predictions: [2.5, 3.0, 4.5] };
const AVAILABLE_V1 = { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] };

export const REST_CASES: RestCase[] = [
  // Routes
  { scenario: 'predict on the latest version', method: 'POST', path: '/v1/models/half_plus_two:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'predict on a version', method: 'POST', path: '/v1/models/half_plus_two/versions/1:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'predict on a label', method: 'POST', path: '/v1/models/half_plus_two/labels/stable:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'paths are case-insensitive', method: 'POST', path: '/V1/Models/half_plus_two/VERSIONS/1:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'a percent-encoded model name is decoded', method: 'POST', path: '/v1/models/half%5Fplus%5Ftwo:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'a version with leading zeros is that version', method: 'POST', path: '/v1/models/half_plus_two/versions/0001:predict', body: PREDICT, status: 200, json: PREDICTIONS },
  { scenario: 'columnar predict answers "outputs"', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"inputs": {"x": [10.0]}}', status: 200, json: { outputs: [7.0] } },
  { scenario: 'classify', method: 'POST', path: '/v1/models/half_plus_two:classify', body: '{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}, {"x": -3.5}]}', status: 200, json: { results: [[['', 2.5]], [['', 0.25]]] } },
  { scenario: 'regress with a context', method: 'POST', path: '/v1/models/half_plus_two/versions/1:regress', body: '{"signature_name": "regress_x_to_y", "context": {"x": 9.0}, "examples": [{}, {"x": 1.0}]}', status: 200, json: { results: [6.5, 2.5] } },
  { scenario: 'NaN and Infinity tokens go in and come out', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"instances": [NaN, Infinity, -Infinity]}', status: 200, check: (a) => expect(a).toBe('{"predictions":[NaN,Infinity,-Infinity]}') },
  { scenario: 'a digits row', method: 'POST', path: '/v1/models/digits:predict', body: `{"instances": [[${Array(64).fill('0.5').join(',')}]]}`, status: 200, check: (a) => expect(a.predictions[0]).toHaveLength(10) },
  { scenario: 'model status', method: 'GET', path: '/v1/models/half_plus_two', status: 200, json: AVAILABLE_V1 },
  { scenario: 'status of one version', method: 'GET', path: '/v1/models/half_plus_two/versions/1', status: 200, json: AVAILABLE_V1 },
  { scenario: 'status ignores a label, like TF Serving', method: 'GET', path: '/v1/models/half_plus_two/labels/stable', status: 200, json: AVAILABLE_V1 },
  { scenario: 'metadata of the latest version', method: 'GET', path: '/v1/models/half_plus_two/metadata', status: 200, check: (a) => {
    expect(a.model_spec).toEqual({ name: 'half_plus_two', signature_name: '', version: '1' });
    expect(Object.keys(a.metadata.signature_def.signature_def).sort()).toEqual(['__saved_model_init_op', 'classify_x_to_y', 'regress_x_to_y', 'serving_default']);
  } },
  { scenario: 'metadata of a version', method: 'GET', path: '/v1/models/digits/versions/1/metadata', status: 200, check: (a) => expect(a.metadata.signature_def.signature_def.serving_default.inputs.pixels.tensor_shape.dim[1].size).toBe('64') },
  { scenario: 'metadata by label', method: 'GET', path: '/v1/models/half_plus_two/labels/stable/metadata', status: 200, check: (a) => expect(a.model_spec.version).toBe('1') },
  // Errors API.md lists
  MALFORMED('GET', '/v1/foo'),
  MALFORMED('POST', '/v1/models'),
  MALFORMED('GET', '/v1/models/foo:predict'),
  MALFORMED('POST', '/v1/models/foo/version/50:regress'),
  MALFORMED('POST', '/v1/models/foo/versions/HELLO:regress'),
  MALFORMED('POST', '/v1/models/foo/metadata'),
  MALFORMED('POST', '/v1/models/foo/versions/50/labels/x:regress'),
  MALFORMED('POST', '/v1/models/half_plus_two:PREDICT'),
  MALFORMED('DELETE', '/v1/models/half_plus_two'),
  { scenario: 'GET /v1/models names no model', method: 'GET', path: '/v1/models', status: 400, error: 'Missing model name in request.' },
  { scenario: 'a version beyond int64', method: 'POST', path: '/v1/models/half_plus_two/versions/99999999999999999999:predict', body: PREDICT, status: 400, error: 'Failed to convert version: 99999999999999999999 to numeric.' },
  { scenario: 'an unknown model', method: 'POST', path: '/v1/models/nope:predict', body: PREDICT, status: 404, error: 'Servable not found for request: Latest(nope)' },
  { scenario: 'an unknown version', method: 'POST', path: '/v1/models/half_plus_two/versions/7:predict', body: PREDICT, status: 404, error: 'Servable not found for request: Specific(half_plus_two, 7)' },
  { scenario: 'an unknown label', method: 'POST', path: '/v1/models/half_plus_two/labels/canary:predict', body: PREDICT, status: 400, error: 'Unrecognized servable version label: canary' },
  { scenario: 'status of an unknown model', method: 'GET', path: '/v1/models/nope', status: 404, error: 'Could not find any versions of model nope' },
  { scenario: 'status of an unknown version', method: 'GET', path: '/v1/models/half_plus_two/versions/3', status: 404, error: 'Could not find version 3 of model half_plus_two' },
  { scenario: 'metadata of an unknown model', method: 'GET', path: '/v1/models/nope/metadata', status: 404, error: 'Servable not found for request: Latest(nope)' },
  { scenario: 'a hostile model name is just an unknown model', method: 'POST', path: '/v1/models/..%2F..%2Fetc%2Fpasswd:predict', body: PREDICT, status: 404, error: 'Servable not found for request: Latest(../../etc/passwd)' },
  { scenario: 'an empty body', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '', status: 400, error: 'JSON Parse error: The document is empty' },
  { scenario: 'the body is parsed before the model is looked up', method: 'POST', path: '/v1/models/nope:predict', body: '', status: 400, error: 'JSON Parse error: The document is empty' },
  { scenario: 'malformed JSON', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"instances": [1.0, 2.0', status: 400, error: /^JSON Parse error: / },
  { scenario: 'a string for a float input', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"instances": ["a"]}', status: 400, error: /not of expected type: float/ },
  { scenario: 'a non-string signature_name', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"signature_name": 5, "instances": [1.0]}', status: 400, error: /'signature_name' key must be a string value\.$/ },
  { scenario: 'neither inputs nor instances', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"foo": 1}', status: 400, error: /Missing 'inputs' or 'instances' key/ },
  { scenario: 'an unknown predict signature', method: 'POST', path: '/v1/models/half_plus_two:predict', body: '{"signature_name": "nope", "instances": [1.0]}', status: 400, error: 'Serving signature name: "nope" not found in signature def' },
  { scenario: 'an unknown classify signature', method: 'POST', path: '/v1/models/half_plus_two:classify', body: '{"signature_name": "nope", "examples": [{"x": 1.0}]}', status: 400, error: 'No signature was found with the name: nope' },
  { scenario: 'ragged instances', method: 'POST', path: '/v1/models/digits:predict', body: '{"instances": [[1.0, 2.0], [1.0]]}', status: 400, error: /./ },
];

/** A real manager over the bundled models (half_plus_two with label stable → 1, and digits). Call close() after. */
export async function bundledModels(): Promise<ModelManager> {
  const half = { ...singleModelConfig('half_plus_two', join(BUNDLED_MODELS, 'half_plus_two')), labels: new Map([['stable', 1n]]) };
  const digits = singleModelConfig('digits', join(BUNDLED_MODELS, 'digits'));
  const manager = new ModelManager(
    [half, digits].map((config) => ({ config, source: new DirVersionSource(config.basePath) })),
    { log: () => {} },
  );
  await manager.reconcile();
  return manager;
}

/** Checks one answer (status, Content-Type, body) against its case. */
export function expectAnswer(c: RestCase, status: number, contentType: string | undefined, body: string): void {
  expect(status, body).toBe(c.status);
  expect(contentType).toBe('application/json');
  if (c.error !== undefined) {
    const message = JSON.parse(body).error;
    if (typeof c.error === 'string') expect(message).toBe(c.error);
    else expect(message).toMatch(c.error);
    return;
  }
  if (c.json !== undefined) expect(JSON.parse(body)).toEqual(c.json);
  // Bodies with NaN tokens are not standard JSON: such cases check the text.
  if (c.check) c.check(/\bNaN\b|Infinity/.test(body) ? body : JSON.parse(body));
}
