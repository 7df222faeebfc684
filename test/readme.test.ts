// The README's curl examples, run as written against the bundled models: each `curl -d '<body>' -X POST
// http://localhost:8501<path>` followed by a `# <answer>` line must give exactly that answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRestRequest } from '../lib/api/index.ts';
import type { ModelManager } from '../lib/loader/index.ts';
import { bundledModels } from './api/rest-cases.ts';
import { REPO_ROOT } from './helpers/fixtures.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLES = [...README.matchAll(/^curl -d '([^']*)' -X POST http:\/\/localhost:8501(\S+)\n# (.+)$/gm)].map((m) => ({ body: m[1], path: m[2], answer: m[3] }));

let manager: ModelManager;
beforeAll(async () => {
  manager = await bundledModels();
});
afterAll(() => manager.close());

describe('README curl examples', () => {
  it('has examples to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(3);
  });

  it.each(EXAMPLES.map((e) => [e.path, e] as const))('%s answers as the README says', async (_p, e) => {
    const res = await handleRestRequest({ method: 'POST', path: e.path, body: e.body }, manager);
    expect(res.status).toBe(200);
    expect(res.body).toBe(e.answer);
  });
});
