// A ModelStore seen through a meter: every readDocument is reported with its duration, so the cache can
// emit manifest_revalidate events for the reads ManifestCache makes. Everything else passes through.
import type { ModelStore } from '../registry/index.ts';

/** The store with each manifest read reported (ManifestCache reads documents only when it revalidates). */
export function meteredStore(store: ModelStore, onRead: (model: string, ms: number) => void): ModelStore {
  return {
    url: store.url,
    listModels: () => store.listModels(),
    listVersions: (model) => store.listVersions(model),
    listFiles: (model, dirName) => store.listFiles(model, dirName),
    readFile: (model, dirName, path, options) => store.readFile(model, dirName, path, options),
    writeFile: (model, dirName, path, bytes) => store.writeFile(model, dirName, path, bytes),
    writeDocument: (model, name, body, condition) => store.writeDocument(model, name, body, condition),
    readDocument: async (model, name, options) => {
      const started = performance.now();
      try {
        return await store.readDocument(model, name, options);
      } finally {
        onRead(model, Math.round(performance.now() - started));
      }
    },
  };
}
