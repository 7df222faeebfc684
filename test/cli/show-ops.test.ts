// `show --all` prints saved_model_cli's op line per MetaGraph; the expected sets come from TensorFlow's own
// saved_model_cli (scripts/make_show_ops_vectors.py → test/fixtures/show-ops.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { show } from '../../lib/cli/show.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const VECTORS: Record<string, { tags: string[]; ops: string[] }[]> = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/show-ops.json'), 'utf8'));
const LINE = /^The MetaGraph with tag set \[(.*)\] contains the following ops: (\{.*\}|set\(\))$/gm;

const quoted = (list: string) => [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]);

describe('show --all op lines match saved_model_cli', () => {
  it.each(Object.keys(VECTORS))('%s', async (dir) => {
    const out = await show(['--dir', join(REPO_ROOT, dir), '--all']);
    const lines = [...out.matchAll(LINE)].map((m) => ({ tags: quoted(m[1]), ops: quoted(m[2]) }));
    const key = (x: { tags: string[] }) => x.tags.join(',');
    expect(lines.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...VECTORS[dir]].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('prints the line after the MetaGraph\'s signatures, in saved_model_cli\'s words', async () => {
    const out = await show(['--dir', join(REPO_ROOT, 'models/half_plus_two/1'), '--all']);
    expect(out).toMatch(/Method name is: tensorflow\/serving\/predict\n\nThe MetaGraph with tag set \['serve'\] contains the following ops: \{'AddV2', /);
  });
});
