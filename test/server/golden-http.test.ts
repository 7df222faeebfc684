// Every golden case (computed by TensorFlow) over real HTTP, at the path TF Serving would be called on,
// against one server that serves every golden model with policy `all`; metadata per version equals the
// golden metadata. The conformance fixtures (test/fixtures/conformance) join them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import type { ModelConfig } from '../../lib/registry/index.ts';
import { type ModelServer, startModelServer } from '../../lib/server/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { BUNDLED_MODELS, goldenFiles, LOCAL_FIXTURES, SHARED_FIXTURES } from '../helpers/fixtures.ts';

const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS)];
const nameOf = (path: string) => /^\/v1\/models\/([^/:]+)/.exec(path)![1];

let server: ModelServer;
beforeAll(async () => {
  const models: ModelConfig[] = goldens.map((g) => ({ name: nameOf(g.cases[0].path), basePath: g.modelDir, policy: { kind: 'all' }, labels: new Map() }));
  server = await startModelServer({ models, restPort: 0, host: '127.0.0.1', pollSeconds: 0, log: () => {} });
  await server.loaded;
}, 120_000);
afterAll(() => server.close());

describe.each(goldens.map((g) => [g.model, g] as const))('%s over HTTP', (_name, g) => {
  const raw = parseJson(readFileSync(g.file, 'utf8')) as JsonObject;
  const rawCases = raw.get('cases') as JsonObject[];

  it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}${c.note ? ` (${c.note.slice(0, 60)})` : ''}`, i] as const))('%s', async (_label, i) => {
    const c = g.cases[i];
    const res = await fetch(server.rest.url + c.path, { method: 'POST', body: c.request_body });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(diffJson(parseJson(text), rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
  });

  it.each(Object.keys(g.metadata).map((v) => [v]))('metadata of version %s equals the golden metadata', async (v) => {
    const name = nameOf(g.cases[0].path);
    const res = await fetch(`${server.rest.url}/v1/models/${name}/versions/${v}/metadata`);
    const got = await res.json();
    const want = JSON.parse(JSON.stringify(g.metadata[v]));
    want.model_spec.name = name;
    expect(got).toEqual(want);
  });
});
