// The ModelStore contract (STYLE.md §4): every store implementation runs these cases unchanged, from
// test/registry/<impl>.test.ts. `makeStore` returns a store over an empty location, new for each call.
import { describe, expect, it } from 'vitest';
import type { ModelStore } from '../../lib/registry/index.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

export function describeStoreContract(name: string, makeStore: () => Promise<ModelStore>): void {
  describe(`ModelStore contract: ${name}`, () => {
    it('lists nothing in an empty store', async () => {
      const store = await makeStore();
      expect(await store.listModels()).toEqual([]);
      expect(await store.listVersions('digits')).toEqual([]);
      expect(await store.listFiles('digits', '1')).toEqual([]);
    });

    it('lists models, version directories (leading zeros kept) and nested files, ignoring non-version entries', async () => {
      const store = await makeStore();
      await store.writeFile('digits', '1', 'saved_model.pb', enc('pb-1'));
      await store.writeFile('digits', '1', 'variables/variables.index', enc('index'));
      await store.writeFile('digits', '1', 'variables/variables.data-00000-of-00001', enc('data!'));
      await store.writeFile('digits', '1', 'assets.extra/tf_serving_warmup_requests', enc(''));
      await store.writeFile('digits', '00000003', 'saved_model.pb', enc('pb-3'));
      await store.writeFile('digits', '10', 'saved_model.pb', enc('pb-10'));
      await store.writeDocument('digits', 'manifest.json', enc('{}'), { ifNoneMatch: '*' });
      await store.writeFile('other', '2', 'saved_model.pb', enc('x'));

      expect(await store.listModels()).toEqual(['digits', 'other']);
      expect(await store.listVersions('digits')).toEqual([
        { version: 1n, dirName: '1' },
        { version: 3n, dirName: '00000003' },
        { version: 10n, dirName: '10' },
      ]);
      const files = await store.listFiles('digits', '1');
      expect(files.map(({ path, size }) => ({ path, size }))).toEqual([
        { path: 'assets.extra/tf_serving_warmup_requests', size: 0 },
        { path: 'saved_model.pb', size: 4 },
        { path: 'variables/variables.data-00000-of-00001', size: 5 },
        { path: 'variables/variables.index', size: 5 },
      ]);
      expect(await store.listFiles('digits', '00000003')).toHaveLength(1);
      expect(await store.listFiles('digits', '3')).toEqual([]); // "3" and "00000003" are different directories
      expect(await store.listVersions('unknown')).toEqual([]);
    });

    it('lists every entry when there are more than a listing page holds', async () => {
      const store = await makeStore();
      const n = 23;
      await Promise.all(Array.from({ length: n }, (_, i) => store.writeFile(`m${String(i).padStart(2, '0')}`, '1', 'saved_model.pb', enc('x'))));
      await Promise.all(Array.from({ length: n }, (_, i) => store.writeFile('many', String(i + 1), `f${String(i).padStart(2, '0')}`, enc('x'))));
      await Promise.all(Array.from({ length: n }, (_, i) => store.writeFile('many', '1', `dir/f${String(i).padStart(2, '0')}`, enc('x'))));
      expect(await store.listModels()).toHaveLength(n + 1);
      expect((await store.listVersions('many')).map((v) => v.version)).toEqual(Array.from({ length: n }, (_, i) => BigInt(i + 1)));
      expect(await store.listFiles('many', '1')).toHaveLength(n + 1);
    });

    it('reads back what it wrote, byte for byte, and overwrites', async () => {
      const store = await makeStore();
      const bytes = new Uint8Array(256).map((_, i) => i);
      await store.writeFile('digits', '1', 'variables/variables.data-00000-of-00001', bytes);
      expect(await store.readFile('digits', '1', 'variables/variables.data-00000-of-00001')).toEqual(bytes);
      await store.writeFile('digits', '1', 'empty', new Uint8Array());
      expect(await store.readFile('digits', '1', 'empty')).toEqual(new Uint8Array());
      await store.writeFile('digits', '1', 'empty', enc('now full'));
      expect(dec(await store.readFile('digits', '1', 'empty'))).toBe('now full');
    });

    it('answers NOT_FOUND for a missing file', async () => {
      const store = await makeStore();
      await store.writeFile('digits', '1', 'saved_model.pb', enc('pb'));
      await expect(store.readFile('digits', '1', 'saved_model.pbtxt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.readFile('digits', '2', 'saved_model.pb')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a file larger than maxBytes with RESOURCE_EXHAUSTED and accepts one exactly at the limit', async () => {
      const store = await makeStore();
      await store.writeFile('digits', '1', 'big', new Uint8Array(1000));
      expect(await store.readFile('digits', '1', 'big', { maxBytes: 1000 })).toHaveLength(1000);
      await expect(store.readFile('digits', '1', 'big', { maxBytes: 999 })).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED', message: expect.stringMatching(/1000 bytes.*999/) });
    });

    it.each([
      ['a parent reference', '..'],
      ['a nested path', 'a/b'],
      ['a URL-encoded parent reference', '%2e%2e'],
      ['an empty name', ''],
      ['a hidden name', '.x'],
    ])('rejects %s as a model name before touching the store', async (_scenario, bad) => {
      const store = await makeStore();
      await expect(store.listVersions(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.writeFile(bad, '1', 'f', enc('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.readFile(bad, '1', 'f')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.readDocument(bad, 'manifest.json')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.writeDocument(bad, 'manifest.json', enc('{}'), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.listModels()).toEqual([]);
    });

    it.each([
      ['a parent reference', '..'],
      ['a nested path', '1/../2'],
      ['a URL-encoded parent reference', '%2e%2e'],
      ['a negative number', '-1'],
      ['a non-number', 'latest'],
      ['an empty name', ''],
    ])('rejects %s as a version directory', async (_scenario, bad) => {
      const store = await makeStore();
      await expect(store.listFiles('digits', bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.writeFile('digits', bad, 'f', enc('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.readFile('digits', bad, 'f')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.listModels()).toEqual([]);
    });

    it.each([
      ['a parent segment', '../../etc/passwd'],
      ['a parent segment inside', 'variables/../../x'],
      ['an absolute path', '/etc/passwd'],
      ['a backslash', 'variables\\x'],
      ['an empty segment', 'variables//x'],
      ['a dot segment', './x'],
      ['a control character', 'saved_model\n.pb'],
      ['an empty path', ''],
    ])('rejects a file path with %s', async (_scenario, bad) => {
      const store = await makeStore();
      await expect(store.writeFile('digits', '1', bad, enc('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.readFile('digits', '1', bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.listModels()).toEqual([]);
    });

    it.each([['..'], ['a/b'], ['%2e%2e'], ['3']])('rejects %j as a document name', async (bad) => {
      const store = await makeStore();
      await expect(store.readDocument('digits', bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.writeDocument('digits', bad, enc('{}'), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('creates a document once: a second If-None-Match "*" write is ABORTED and changes nothing', async () => {
      const store = await makeStore();
      expect(await store.readDocument('digits', 'manifest.json')).toBeNull();
      const { etag } = await store.writeDocument('digits', 'manifest.json', enc('first'), { ifNoneMatch: '*' });
      await expect(store.writeDocument('digits', 'manifest.json', enc('second'), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'ABORTED' });
      expect(await store.readDocument('digits', 'manifest.json')).toEqual({ body: enc('first'), etag });
    });

    it('replaces a document only If-Match its current etag', async () => {
      const store = await makeStore();
      const v1 = await store.writeDocument('digits', 'manifest.json', enc('v1'), { ifNoneMatch: '*' });
      const v2 = await store.writeDocument('digits', 'manifest.json', enc('v2'), { ifMatch: v1.etag });
      expect(v2.etag).not.toBe(v1.etag);
      await expect(store.writeDocument('digits', 'manifest.json', enc('stale'), { ifMatch: v1.etag })).rejects.toMatchObject({ code: 'ABORTED' });
      await expect(store.writeDocument('digits', 'absent.json', enc('x'), { ifMatch: v1.etag })).rejects.toMatchObject({ code: 'ABORTED' });
      expect(await store.readDocument('digits', 'manifest.json')).toEqual({ body: enc('v2'), etag: v2.etag });
      expect(await store.readDocument('digits', 'absent.json')).toBeNull();
    });

    it('lets exactly one of ten concurrent creations win', async () => {
      const store = await makeStore();
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
        store.writeDocument('digits', 'manifest.json', enc(`writer ${i}`), { ifNoneMatch: '*' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ABORTED' });
    });

    it('answers not-modified to If-None-Match with the current etag, and the body to a stale one', async () => {
      const store = await makeStore();
      const v1 = await store.writeDocument('digits', 'manifest.json', enc('v1'), { ifNoneMatch: '*' });
      expect(await store.readDocument('digits', 'manifest.json', { ifNoneMatch: v1.etag })).toBe('not-modified');
      const v2 = await store.writeDocument('digits', 'manifest.json', enc('v2'), { ifMatch: v1.etag });
      expect(await store.readDocument('digits', 'manifest.json', { ifNoneMatch: v1.etag })).toEqual({ body: enc('v2'), etag: v2.etag });
    });
  });
}
