// A ModelStore wrapper that forces the lost-update race: the first `writers` document writes are held
// until all of them have arrived, so each was prepared from the same manifest (same etag) and at most
// one can win its conditional write. Counts the writes the store refused (ABORTED).
import { isServingError } from '../../lib/errors/index.ts';
import type { ModelStore, ReadDocumentOptions, ReadFileOptions, StoredDocument, StoredFile, StoredVersion, WriteCondition } from '../../lib/registry/index.ts';

export class RacingStore implements ModelStore {
  readonly url: string;
  /** Conditional writes refused because another writer got there first. */
  aborted = 0;
  private held: (() => void)[] = [];

  constructor(private readonly inner: ModelStore, private writers: number) {
    this.url = inner.url;
  }

  listModels(): Promise<string[]> { return this.inner.listModels(); }
  listVersions(model: string): Promise<StoredVersion[]> { return this.inner.listVersions(model); }
  listFiles(model: string, dirName: string): Promise<StoredFile[]> { return this.inner.listFiles(model, dirName); }
  readFile(model: string, dirName: string, path: string, options?: ReadFileOptions): Promise<Uint8Array> { return this.inner.readFile(model, dirName, path, options); }
  writeFile(model: string, dirName: string, path: string, bytes: Uint8Array): Promise<void> { return this.inner.writeFile(model, dirName, path, bytes); }
  readDocument(model: string, name: string, options?: ReadDocumentOptions): Promise<StoredDocument | 'not-modified' | null> { return this.inner.readDocument(model, name, options); }

  async writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition): Promise<{ etag: string }> {
    if (this.writers > 0) {
      this.writers--;
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        if (this.writers === 0) for (const release of this.held.splice(0)) release();
      });
    }
    try {
      return await this.inner.writeDocument(model, name, body, condition);
    } catch (e) {
      if (isServingError(e) && e.code === 'ABORTED') this.aborted++;
      throw e;
    }
  }
}
