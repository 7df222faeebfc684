// JSON nested past MAX_JSON_DEPTH is a 400 under every key and on every decode path (issue 10: under
// "instances"/"inputs" the JSON.parse fast path let it through to a recursive walk: 500 "Internal error").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRestRequest } from '../../lib/api/index.ts';
import { MAX_JSON_DEPTH } from '../../lib/api/json/json-parse.ts';
import type { ModelManager } from '../../lib/loader/index.ts';
import { bundledModels } from '../api/rest-cases.ts';

let manager: ModelManager;
beforeAll(async () => {
  manager = await bundledModels();
});
afterAll(() => manager.close());

describe('JSON depth', () => {
  it.each([
    ['instances', 300], ['instances', 5000], ['instances', 100_000],
    ['inputs', 5000], ['inputs', 100_000], ['other', 5000],
  ])('answers 400 for lists nested %s deep under "%s"', async (key, depth) => {
    const body = `{"${key}": ${'['.repeat(depth)}1.0${']'.repeat(depth)}}`;
    const internal: unknown[] = [];
    const answer = await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body }, manager, { onInternalError: (e) => internal.push(e) });
    expect(internal).toEqual([]);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(new RegExp(`^JSON Parse error: Nesting is deeper than ${MAX_JSON_DEPTH} levels\\. at offset: \\d+$`));
  });

  it('still answers lists nested within the limit: computed up to the backend\'s rank limit, refused past it', async () => {
    const nested = (depth: number) => `{"instances": ${'['.repeat(depth)}1.0${']'.repeat(depth)}}`;
    const ok = await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body: nested(6) }, manager);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('2.5');
    // rank 20 parses (within the JSON depth limit) but is past the wasm kernels' 6 dimensions: INVALID_ARGUMENT, never a wrong number
    const deep = await handleRestRequest({ method: 'POST', path: '/v1/models/half_plus_two:predict', body: nested(20) }, manager);
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error).toMatch(/rank/);
  });
});
