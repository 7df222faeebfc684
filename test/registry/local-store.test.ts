// LocalModelStore over a temporary directory: the store contract, plus what only a file system has
// (a missing root, symbolic links, no temporary files left behind).
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelStore } from '../../lib/registry/index.ts';
import { describeStoreContract } from '../contract/store.contract.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tfs-local-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeStoreContract('LocalModelStore', async () => new LocalModelStore({ root: await tempDir() }));

describe('LocalModelStore', () => {
  it('points its url at the absolute root', async () => {
    const root = await tempDir();
    expect(new LocalModelStore({ root }).url).toBe(root);
  });

  it('refuses unknown options', () => {
    expect(() => new LocalModelStore({ root: '/x', bucket: 'b' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('answers NOT_FOUND when the root directory does not exist', async () => {
    const store = new LocalModelStore({ root: join(await tempDir(), 'missing') });
    await expect(store.listModels()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('missing') });
  });

  it('follows symbolic links to model directories, version directories and files', async () => {
    const root = await tempDir();
    const elsewhere = await tempDir();
    await mkdir(join(elsewhere, 'v7', 'variables'), { recursive: true });
    await writeFile(join(elsewhere, 'v7', 'variables', 'variables.index'), 'idx');
    await writeFile(join(elsewhere, 'pb'), 'pb!');
    await mkdir(join(root, 'digits'));
    await symlink(join(elsewhere, 'v7'), join(root, 'digits', '7'));
    await symlink(join(elsewhere, 'pb'), join(elsewhere, 'v7', 'saved_model.pb'));
    await symlink(join(root, 'digits'), join(root, 'alias'));
    await symlink(join(elsewhere, 'nowhere'), join(root, 'dangling'));
    const store = new LocalModelStore({ root });
    expect(await store.listModels()).toEqual(['alias', 'digits']);
    expect(await store.listVersions('digits')).toEqual([{ version: 7n, dirName: '7' }]);
    expect(await store.listFiles('alias', '7')).toEqual([
      { path: 'saved_model.pb', size: 3 },
      { path: 'variables/variables.index', size: 3 },
    ]);
  });

  it('leaves no temporary files behind after writes, failed conditions included', async () => {
    const root = await tempDir();
    const store = new LocalModelStore({ root });
    await store.writeFile('digits', '1', 'variables/variables.index', new Uint8Array(4));
    await store.writeDocument('digits', 'manifest.json', new Uint8Array(1), { ifNoneMatch: '*' });
    await expect(store.writeDocument('digits', 'manifest.json', new Uint8Array(1), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await readdir(join(root, 'digits'))).sort()).toEqual(['1', 'manifest.json']);
  });

  it('uses the quoted sha256 of the content as the document etag', async () => {
    const store = new LocalModelStore({ root: await tempDir() });
    const { etag } = await store.writeDocument('digits', 'manifest.json', new TextEncoder().encode('abc'), { ifNoneMatch: '*' });
    expect(etag).toBe('"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"');
  });
});
