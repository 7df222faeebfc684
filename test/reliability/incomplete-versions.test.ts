// Versions that can never complete end, with the reason (issue 10: a missing data shard, an index entry
// pointing past its data, an index claiming 2^40 bytes made the directory source wait forever).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirVersionSource, ModelManager } from '../../lib/loader/index.ts';
import { LocalModelStore, singleModelConfig } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

const SHARD = 'variables/variables.data-00000-of-00001';
const bases: string[] = [];
afterEach(() => bases.splice(0).forEach((b) => rmSync(b, { recursive: true, force: true })));

/** `<base>/1` (complete) and `<base>/2` broken by `breakIt`. */
function modelBase(breakIt: (dir: string) => void): string {
  const base = mkdtempSync(join(tmpdir(), 'tfs-incomplete-'));
  bases.push(base);
  cpSync(HALF_PLUS_TWO_V1, join(base, '1'), { recursive: true });
  cpSync(HALF_PLUS_TWO_V1, join(base, '2'), { recursive: true });
  breakIt(join(base, '2'));
  return base;
}

const BROKEN: [string, (dir: string) => void, string][] = [
  ['a missing data shard', (d) => rmSync(join(d, SHARD)), `${SHARD} is missing`],
  ['an index pointing past the data', (d) => truncateSync(join(d, SHARD), 4), `${SHARD} has 4 bytes, the index needs`],
];

describe('DirVersionSource with an incomplete version', () => {
  it.each(BROKEN)('waits, then fails a version with %s once its files stay unchanged past the timeout', async (_, breakIt, reason) => {
    let now = 0;
    const source = new DirVersionSource(modelBase(breakIt), { incompleteTimeoutMs: 5000, now: () => now });
    expect((await source.scan()).pending.get(2n)).toContain(reason);
    now = 4999;
    expect((await source.scan()).pending.get(2n)).toContain(reason);
    now = 5000;
    const scan = await source.scan();
    expect(scan.pending.has(2n)).toBe(false);
    expect(scan.failed?.get(2n)).toContain(`the version stayed incomplete for 5 s with no change to its files: ${reason}`);
    expect(scan.ready.has(1n)).toBe(true);
  });

  it('restarts the clock when the files change, and serves the version once complete', async () => {
    let now = 0;
    const base = modelBase((d) => rmSync(join(d, SHARD)));
    const source = new DirVersionSource(base, { incompleteTimeoutMs: 5000, now: () => now });
    await source.scan();
    now = 4000;
    mkdirSync(join(base, '2/assets'));
    writeFileSync(join(base, '2/assets/extra.txt'), 'x');
    expect((await source.scan()).pending.has(2n)).toBe(true);
    now = 8000;
    expect((await source.scan()).pending.has(2n)).toBe(true);
    now = 9000;
    expect((await source.scan()).failed?.has(2n)).toBe(true);
    writeFileSync(join(base, '2', SHARD), readFileSync(join(HALF_PLUS_TWO_V1, SHARD)));
    expect((await source.scan()).pending.get(2n)).toBe('files are still changing');
    expect((await source.scan()).ready.has(2n)).toBe(true);
  });
});

describe('ModelManager over a version that cannot complete', () => {
  it('shows it END with the reason while the previous version serves', async () => {
    let now = 0;
    const base = modelBase((d) => truncateSync(join(d, SHARD), 4));
    const manager = new ModelManager([{ config: singleModelConfig('hpt', base), source: new DirVersionSource(base, { incompleteTimeoutMs: 1000, now: () => now }) }], { log: () => undefined });
    try {
      await manager.reconcile();
      now = 1000;
      await manager.reconcile();
      const status = await manager.status({ name: 'hpt' });
      expect(status.map((s) => [s.version, s.state])).toEqual([[2n, 'END'], [1n, 'AVAILABLE']]);
      expect(status[0].errorCode).toBe('FAILED_PRECONDITION');
      expect(status[0].errorMessage).toContain(`${SHARD} has 4 bytes, the index needs`);
    } finally {
      await manager.close();
    }
  });
});

describe('rollout of a version without a commit marker', () => {
  it.each([
    ['an index pointing past the data', (d: string) => truncateSync(join(d, SHARD), 4)],
    ['an index claiming 2^40 bytes', (d: string) => {
      // Same index, data shard replaced by a short file: every entry lies past its end (as an index claiming
      // far more bytes than were uploaded).
      writeFileSync(join(d, SHARD), new Uint8Array(1));
    }],
  ])('records FAILED for %s (S3 objects appear whole: it can never complete)', async (_, breakIt) => {
    const root = mkdtempSync(join(tmpdir(), 'tfs-rollout-'));
    bases.push(root);
    const dir = join(root, 'hpt', '3');
    cpSync(HALF_PLUS_TWO_V1, dir, { recursive: true });
    breakIt(dir);
    const result = await rolloutVersion(new LocalModelStore({ root }), 'hpt', '3');
    expect(result.state).toBe('FAILED');
    expect(result.reason).toMatch(/DATA_LOSS: .*lies past the end of variables\/variables\.data-00000-of-00001/);
  });

  it('keeps a version with a missing shard PENDING (the shard may still arrive)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tfs-rollout-'));
    bases.push(root);
    cpSync(HALF_PLUS_TWO_V1, join(root, 'hpt', '3'), { recursive: true });
    rmSync(join(root, 'hpt', '3', SHARD));
    const result = await rolloutVersion(new LocalModelStore({ root }), 'hpt', '3');
    expect(result.state).toBe('PENDING');
  });
});
