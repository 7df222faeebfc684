// A small real ModelProvider for tests: models are directories of numeric version dirs ("1", "00000123") on
// disk, loaded on first use with the portable engine and kept until dispose(). Errors use TF Serving's words.
// It counts the handles it has handed out and not yet released, so tests can check that every call released.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeRequest, type ModelProvider, type ModelSpec, type ServableHandle, type VersionStatus } from '../../lib/loader/index.ts';
import { loadServable, type Servable } from '../../lib/engine/index.ts';
import { ServingError } from '../../lib/errors/index.ts';
import { type MetaGraph, SavedModel } from '../../lib/savedmodel/index.ts';

export interface DirProviderOptions {
  /** Model name → model directory (holding version dirs). */
  models: Record<string, string>;
  /** Model name → label → version, for ModelSpec.version_label. */
  labels?: Record<string, Record<string, bigint>>;
}

interface Loaded {
  servable: Servable;
  metaGraph: MetaGraph;
}

export class DirProvider implements ModelProvider {
  private readonly loads = new Map<string, Promise<Loaded>>();
  /** Handles acquired and not yet released. */
  outstanding = 0;

  constructor(private readonly options: DirProviderOptions) {}

  /** Version → directory, for the version dirs of a model (empty for an unknown model). */
  private versions(name: string): Map<bigint, string> {
    const dir = Object.prototype.hasOwnProperty.call(this.options.models, name) ? this.options.models[name] : undefined;
    const out = new Map<bigint, string>();
    if (!dir) return out;
    for (const entry of readdirSync(dir)) {
      if (/^\d+$/.test(entry) && statSync(join(dir, entry)).isDirectory()) out.set(BigInt(entry), join(dir, entry));
    }
    return out;
  }

  private resolve(spec: ModelSpec): { version: bigint; dir: string } {
    const versions = this.versions(spec.name);
    let version = spec.version;
    if (spec.label !== undefined) {
      version = this.options.labels?.[spec.name]?.[spec.label];
      if (version === undefined) throw new ServingError('INVALID_ARGUMENT', `Unrecognized servable version label: ${spec.label}`);
    }
    if (version === undefined) version = [...versions.keys()].sort((a, b) => (a < b ? 1 : -1))[0];
    const dir = version === undefined ? undefined : versions.get(version);
    if (version === undefined || !dir) {
      throw new ServingError('NOT_FOUND', `Servable not found for request: ${describeRequest(spec, spec.label !== undefined ? version : undefined)}`);
    }
    return { version, dir };
  }

  async acquire(spec: ModelSpec): Promise<ServableHandle> {
    const { version, dir } = this.resolve(spec);
    const key = `${spec.name}@${version}`;
    let load = this.loads.get(key);
    if (!load) {
      load = SavedModel.fromDir(dir).then(async (model) => ({ servable: await loadServable(model), metaGraph: model.metaGraph() }));
      this.loads.set(key, load);
    }
    const { servable, metaGraph } = await load;
    this.outstanding++;
    let released = false;
    return {
      name: spec.name,
      version,
      servable,
      metaGraph,
      release: () => {
        if (!released) this.outstanding--;
        released = true;
      },
    };
  }

  async status(spec: ModelSpec): Promise<VersionStatus[]> {
    const versions = [...this.versions(spec.name).keys()].sort((a, b) => (a < b ? 1 : -1));
    if (versions.length === 0) throw new ServingError('NOT_FOUND', `Could not find any versions of model ${spec.name}`);
    if (spec.version !== undefined && !versions.includes(spec.version)) {
      throw new ServingError('NOT_FOUND', `Could not find version ${spec.version} of model ${spec.name}`);
    }
    const shown = spec.version === undefined ? versions : [spec.version];
    return shown.map((version) => ({ version, state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' }));
  }

  /** Disposes every loaded servable. */
  async dispose(): Promise<void> {
    const loaded = await Promise.allSettled(this.loads.values());
    for (const l of loaded) if (l.status === 'fulfilled') l.value.servable.dispose();
    this.loads.clear();
  }
}
