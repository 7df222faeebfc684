// A ModelStore decorator over a real store: counts file and document reads, and can be switched "down" so
// that every call fails UNAVAILABLE, as an unreachable S3 endpoint does. Not a mock: the bytes are real.
import { ServingError } from '../../lib/errors/index.ts';
import type { ModelStore, ReadDocumentOptions, ReadFileOptions, WriteCondition } from '../../lib/registry/index.ts';

export class CountingStore implements ModelStore {
  /** readFile calls by `model/dirName/path`. */
  readonly fileReads = new Map<string, number>();
  /** readDocument calls that reached the inner store. */
  documentReads = 0;
  /** While true, every call throws UNAVAILABLE without touching the inner store. */
  down = false;

  constructor(readonly inner: ModelStore) {}

  get url(): string {
    return this.inner.url;
  }

  /** How many times one file was read. */
  reads(model: string, dirName: string, path: string): number {
    return this.fileReads.get(`${model}/${dirName}/${path}`) ?? 0;
  }

  /** All file reads together. */
  totalFileReads(): number {
    return [...this.fileReads.values()].reduce((a, b) => a + b, 0);
  }

  async listModels() {
    return await this.up().listModels();
  }

  async listVersions(model: string) {
    return await this.up().listVersions(model);
  }

  async listFiles(model: string, dirName: string) {
    return await this.up().listFiles(model, dirName);
  }

  async readFile(model: string, dirName: string, path: string, options?: ReadFileOptions) {
    const store = this.up();
    const key = `${model}/${dirName}/${path}`;
    this.fileReads.set(key, (this.fileReads.get(key) ?? 0) + 1);
    return await store.readFile(model, dirName, path, options);
  }

  async writeFile(model: string, dirName: string, path: string, bytes: Uint8Array) {
    return await this.up().writeFile(model, dirName, path, bytes);
  }

  async readDocument(model: string, name: string, options?: ReadDocumentOptions) {
    const store = this.up();
    this.documentReads++;
    return await store.readDocument(model, name, options);
  }

  async writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition) {
    return await this.up().writeDocument(model, name, body, condition);
  }

  private up(): ModelStore {
    if (this.down) throw new ServingError('UNAVAILABLE', `Model store ${this.inner.url} is unreachable (test)`);
    return this.inner;
  }
}
