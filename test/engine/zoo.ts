// The engine-coverage zoo: every case of every test/fixtures/zoo/<family>/<model>.golden.json (models made
// the way users export them, by scripts/zoo/gen_<family>.py; answers computed by TensorFlow 2.21 loading the
// SavedModel from disk) through the portable engine and the REST codecs, within each case's atol/rtol.
// Defined once, run on each backend (zoo-wasm.test.ts, zoo-cpu.test.ts). ZOO_FAMILY=<family> narrows a run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../lib/engine/portable/portable-servable.ts';
import type { Servable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { goldenFiles, REPO_ROOT, versionDir } from '../helpers/fixtures.ts';

export const ZOO_ROOT = join(REPO_ROOT, 'test/fixtures/zoo');

/** Golden files of the zoo, as `family/model` → file. */
export function zooGoldens(family = process.env.ZOO_FAMILY) {
  return goldenFiles(family ? join(ZOO_ROOT, family) : ZOO_ROOT).map((g) => ({
    ...g,
    id: g.file.slice(ZOO_ROOT.length + 1).replace(/\.golden\.json$/, ''),
  }));
}

export function defineZooSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });
  const servables: PortableServable[] = [];
  afterAll(() => servables.forEach((s) => s.dispose()));
  const goldens = zooGoldens();
  if (goldens.length === 0) {
    // the zoo is committed: none found (or a mistyped ZOO_FAMILY) is a failure, not a skip
    it(`finds zoo golden files under ${ZOO_ROOT}${process.env.ZOO_FAMILY ? ` for ZOO_FAMILY=${process.env.ZOO_FAMILY}` : ''}`, () => {
      expect(goldens.length).toBeGreaterThan(0);
    });
    return;
  }
  describeGoldenCases(goldens, backend, (m) => PortableServable.load(m), servables);
}

/** One describe per golden file: every case through `open`'s servable (one per version, kept in `servables`) and the REST codecs. */
export function describeGoldenCases<S extends Servable>(
  goldens: ReturnType<typeof zooGoldens>, engine: string, open: (model: SavedModel) => Promise<S>, servables: S[],
): void {
  describe.each(goldens.map((g) => [g.id, g] as const))(`%s (${engine})`, (_id, g) => {
    const rawCases = (parseJson(readFileSync(g.file, 'utf8')) as JsonObject).get('cases') as JsonObject[];
    const loads = new Map<string, Promise<S>>();
    const load = (v: string) => {
      if (!loads.has(v)) loads.set(v, SavedModel.fromDir(versionDir(g.modelDir, v)).then(open).then((s) => (servables.push(s), s)));
      return loads.get(v)!;
    };
    it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}${c.note ? ` (${c.note.slice(0, 70)})` : ''}`, i] as const))('%s', async (_label, i) => {
      const c = g.cases[i];
      const servable = await load(c.version);
      const got = parseJson(await runOnServable(servable, c.method, c.request_body));
      expect(diffJson(got, rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
    });
  });
}
