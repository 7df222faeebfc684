// The truth suite: every case of every *.golden.json (computed by TensorFlow itself) through the portable
// engine and the REST codecs, within each case's atol/rtol.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { loadServable, type Servable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { BUNDLED_MODELS, goldenFiles, LOCAL_FIXTURES, SHARED_FIXTURES, versionDir } from '../helpers/fixtures.ts';

const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS)];
const servables: Servable[] = [];
afterAll(() => servables.forEach((s) => s.dispose()));

describe.each(goldens.map((g) => [g.model, g] as const))('%s', (_name, g) => {
  const raw = parseJson(readFileSync(g.file, 'utf8')) as JsonObject;
  const rawCases = raw.get('cases') as JsonObject[];
  const loads = new Map<string, Promise<Servable>>();
  const load = (v: string) => {
    if (!loads.has(v)) {
      loads.set(v, SavedModel.fromDir(versionDir(g.modelDir, v)).then((m) => loadServable(m)).then((s) => (servables.push(s), s)));
    }
    return loads.get(v)!;
  };
  it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}${c.note ? ` (${c.note.slice(0, 60)})` : ''}`, i] as const))('%s', async (_label, i) => {
    const c = g.cases[i];
    const servable = await load(c.version);
    const got = parseJson(await runOnServable(servable, c.method, c.request_body));
    const want = rawCases[i].get('response')!;
    expect(diffJson(got, want, c.atol, c.rtol)).toBeUndefined();
  });
});
