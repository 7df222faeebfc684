// Every golden case through the `tf-serverless run` command (in-process: the bin script calls exactly
// this function; run.test.ts covers the real process). The request body goes in as the exact text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { run } from '../../lib/cli/run.ts';
import { diffJson } from '../api/golden-cases.ts';
import { BUNDLED_MODELS, goldenFiles, LOCAL_FIXTURES, SHARED_FIXTURES, versionDir } from '../helpers/fixtures.ts';

const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS)];

describe.each(goldens.map((g) => [g.model, g] as const))('tf-serverless run: %s', (_name, g) => {
  const rawCases = (parseJson(readFileSync(g.file, 'utf8')) as JsonObject).get('cases') as JsonObject[];
  it.each(g.cases.map((c, i) => [`v${c.version} ${c.method} #${i}`, i] as const))('%s', async (_label, i) => {
    const c = g.cases[i];
    const out = await run(['--dir', versionDir(g.modelDir, c.version), '--method', c.method, '--request', c.request_body]);
    expect(diffJson(parseJson(out), rawCases[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
  });
});
