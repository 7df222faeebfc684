// The per-process Manager (TF Serving's AspiredVersionsManager + ServableStateMonitor in one): for each
// configured model it scans the source, applies the version policy, loads new versions before unloading old
// ones (transition.ts), keeps every version's state for GetModelStatus, and hands out pinned handles.
// IMPORTANT: a version is disposed only once no request holds it (handles are reference counted).
import { type ModelProvider, type ModelSpec, resolveServableRequest, selectStatuses, servableNotFound, type ServableHandle, type VersionStatus } from './manager.ts';
import { type ErrorCode, isServingError, ServingError } from '../errors/index.ts';
import { type ModelConfig, selectVersions } from '../registry/index.ts';
import { nextTransitions, type SnapshotState, type VersionSnapshot } from './transition.ts';
import { type ChoosingLoadOptions, loadChosenVersion } from './target-choice.ts';
import type { LoadedVersion } from './version-loader.ts';
import type { VersionScan, VersionSource } from './version-source.ts';
import { VersionEntry } from './version-entry.ts';

export interface ManagedModel {
  config: ModelConfig;
  source: VersionSource;
}

export interface ModelManagerOptions {
  /** How versions are loaded (engine, backend, tags, warm-up). */
  load?: ChoosingLoadOptions;
  /** Log sink for one-line events, with their severity (default 'info'); default console.log. */
  log?: (line: string, level?: LogLevel) => void;
  /** Loads a version (tests inject failures here); default lib/loader's loadChosenVersion. */
  loadVersion?: (files: Parameters<typeof loadChosenVersion>[0], source: string, options: ChoosingLoadOptions) => Promise<LoadedVersion>;
}

export type LogLevel = 'info' | 'warning' | 'error';

interface ModelState {
  config: ModelConfig;
  source: VersionSource;
  versions: Map<bigint, VersionEntry>;
  /** The last incompleteness reason logged per version (logged once per change). */
  pendingLogged: Map<bigint, string>;
  /** Whether "No versions of servable … found" was logged for the current empty spell. */
  emptyLogged?: boolean;
}

export class ModelManager implements ModelProvider {
  private readonly models = new Map<string, ModelState>();
  private reconciling: Promise<void> | undefined;
  private firstReconcile: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly log: (line: string, level?: LogLevel) => void;

  constructor(models: readonly ManagedModel[], private readonly options: ModelManagerOptions = {}) {
    for (const m of models) {
      if (this.models.has(m.config.name)) throw new ServingError('INVALID_ARGUMENT', `Model ${m.config.name} is configured twice`);
      this.models.set(m.config.name, { ...m, versions: new Map(), pendingLogged: new Map() });
    }
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** Scans every model once and applies its policy; concurrent calls share one pass. Never throws. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileAll().finally(() => (this.reconciling = undefined));
    this.firstReconcile ??= this.reconciling;
    return this.reconciling;
  }

  /** Polls every `intervalMs` (TF Serving's --file_system_poll_wait_seconds); 0 disables polling. */
  startPolling(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.reconcile(), intervalMs);
    this.timer.unref();
  }

  /** True once the first pass finished and every model has a version serving. */
  isReady(): boolean {
    return this.firstReconcile !== undefined && !this.reconciling && [...this.models.values()].every((m) => [...m.versions.values()].some((e) => e.state === 'AVAILABLE'));
  }

  /** The model names, as configured. */
  modelNames(): string[] {
    return [...this.models.keys()];
  }

  async acquire(spec: ModelSpec): Promise<ServableHandle> {
    const model = this.models.get(spec.name);
    if (!model) throw servableNotFound(spec.name, spec.version);
    await (this.firstReconcile ?? this.reconcile());
    const serving = [...model.versions.values()].filter((e) => e.state === 'AVAILABLE').map((e) => e.version);
    const version = resolveServableRequest(spec, model.config.labels, serving);
    const handle = model.versions.get(version)?.acquire(spec.name);
    if (!handle) throw servableNotFound(spec.name, version);
    return handle;
  }

  async status(spec: ModelSpec): Promise<VersionStatus[]> {
    const model = this.models.get(spec.name);
    if (model) await (this.firstReconcile ?? this.reconcile());
    const all = model ? [...model.versions.values()].sort((a, b) => (a.version > b.version ? -1 : 1)) : [];
    return selectStatuses(spec, all.map((e) => e.status()));
  }

  /**
   * Replaces the configured models (a reloaded --model_config_file or HandleReloadConfigRequest), then runs one
   * pass: new models load, removed ones unload once their in-flight requests release them, a changed policy or
   * labels apply to the kept ones, a changed base path starts the model over. Resolves when that pass is done.
   */
  async setModels(models: readonly ManagedModel[]): Promise<void> {
    const names = new Set<string>();
    for (const m of models) {
      if (names.has(m.config.name)) throw new ServingError('INVALID_ARGUMENT', `Model ${m.config.name} is configured twice`);
      names.add(m.config.name);
    }
    await this.reconciling;
    for (const [name, state] of this.models) {
      const next = models.find((m) => m.config.name === name);
      if (next && next.source.url === state.source.url) continue;
      this.log(next ? `model ${name}: base path changed to ${next.source.url}; reloading it` : `model ${name}: removed from the configuration; unloading it`);
      for (const entry of state.versions.values()) entry.unload();
      this.models.delete(name);
    }
    for (const m of models) {
      const kept = this.models.get(m.config.name);
      if (kept) kept.config = m.config;
      else this.models.set(m.config.name, { ...m, versions: new Map(), pendingLogged: new Map() });
    }
    await this.reconcile();
  }

  /** Stops polling and unloads everything (in-flight requests finish first). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    for (const model of this.models.values()) for (const entry of model.versions.values()) entry.unload();
  }

  private async reconcileAll(): Promise<void> {
    await Promise.all([...this.models.values()].map((m) => this.reconcileModel(m)));
  }

  private async reconcileModel(model: ModelState): Promise<void> {
    if (this.closed) return;
    let scan: VersionScan;
    try {
      scan = await model.source.scan();
    } catch (e) {
      this.log(`model ${model.config.name}: cannot scan ${model.source.url}: ${(e as Error).message}`, 'error');
      return;
    }
    this.logIfEmpty(model, scan);
    for (const [version, reason] of scan.pending) {
      if (model.pendingLogged.get(version) === reason) continue;
      model.pendingLogged.set(version, reason);
      this.log(`model ${model.config.name}: version ${version} is not complete yet (${reason}); waiting`, 'warning');
    }
    for (const [version, reason] of scan.failed ?? []) {
      if (model.pendingLogged.get(version) !== reason) {
        model.pendingLogged.set(version, reason);
        this.log(`model ${model.config.name}: version ${version} failed: ${reason}`);
      }
      this.entry(model, version).markFailed('FAILED_PRECONDITION', reason, undefined);
    }
    if (scan.labels) model.config = { ...model.config, labels: scan.labels };
    const policy = scan.policy ?? model.config.policy;
    // latest N counts only versions that can load: a newest version that failed with these very files gives
    // way to the next one at once (TF Serving would keep aspiring to it and serve nothing); it is retried when
    // its files change. Each round that sees a new failure selects again, at most once per version.
    let snapshots: VersionSnapshot[] = [];
    for (let round = 0; round <= scan.ready.size; round++) {
      const candidates = [...scan.ready.keys()].filter((v) => policy.kind !== 'latest' || this.snapshotState(model, v, scan.ready.get(v)) !== 'failed');
      const aspired = new Set(selectVersions(policy, candidates));
      snapshots = [...new Set([...aspired, ...model.versions.keys()])].map((version) => ({
        version,
        aspired: aspired.has(version),
        state: this.snapshotState(model, version, scan.ready.get(version)),
      }));
      const { load } = nextTransitions(snapshots);
      for (const version of load) await this.load(model, version, scan.ready.get(version)!);
      const failedNow = load.some((v) => this.snapshotState(model, v, scan.ready.get(v)) === 'failed');
      if (!failedNow || policy.kind !== 'latest') break;
    }
    const after = snapshots.map((s) => ({ ...s, state: this.snapshotState(model, s.version, scan.ready.get(s.version)) }));
    for (const version of nextTransitions(after).unload) {
      this.log(`model ${model.config.name}: unloading version ${version}`);
      model.versions.get(version)?.unload();
    }
  }

  /** FileSystemStoragePathSource's warning for a base path with no version directory, once per empty spell. */
  private logIfEmpty(model: ModelState, scan: VersionScan): void {
    const empty = scan.ready.size === 0 && scan.pending.size === 0 && !scan.failed?.size;
    if (empty && !model.emptyLogged) {
      const hint = scan.emptyHint ? ` ${scan.emptyHint}` : '';
      this.log(`No versions of servable ${model.config.name} found under base path ${model.source.url}.${hint}`, 'warning');
    }
    model.emptyLogged = empty;
  }

  private snapshotState(model: ModelState, version: bigint, fingerprint: string | undefined): SnapshotState {
    const entry = model.versions.get(version);
    if (!entry) return 'new';
    switch (entry.state) {
      case 'AVAILABLE': return 'available';
      case 'LOADING': case 'START': return 'loading';
      case 'UNLOADING': return 'unloading';
      case 'END':
        // A failed version is retried once its files change; an unloaded one may be aspired again.
        if (entry.failed && (fingerprint === undefined || entry.fingerprint === fingerprint)) return 'failed';
        return 'new';
    }
  }

  private entry(model: ModelState, version: bigint): VersionEntry {
    let entry = model.versions.get(version);
    if (!entry || (entry.state === 'END' && !entry.busy())) {
      entry = new VersionEntry(version);
      model.versions.set(version, entry);
    }
    return entry;
  }

  private async load(model: ModelState, version: bigint, fingerprint: string): Promise<void> {
    const name = model.config.name;
    const entry = this.entry(model, version);
    entry.startLoading(fingerprint);
    this.log(`Loading servable version {name: ${name} version: ${version}}`); // TF Serving's line (basic_manager.cc)
    const started = performance.now();
    try {
      const files = await model.source.read(version);
      const loaded = await (this.options.loadVersion ?? loadChosenVersion)(files, `${model.source.url}/${version}`, this.options.load ?? {});
      if (this.closed) {
        loaded.servable.dispose();
        return;
      }
      entry.available(loaded);
      const ms = Math.round(performance.now() - started);
      this.log(`Successfully loaded servable version {name: ${name} version: ${version}} in ${ms} ms (${loaded.servable.engine} engine, ${loaded.warmupRecords} warm-up records)`);
    } catch (e) {
      const code: ErrorCode = isServingError(e) ? e.code : 'UNKNOWN';
      const message = e instanceof Error ? e.message : String(e);
      entry.markFailed(code, message, fingerprint);
      this.log(`Loading servable {name: ${name} version: ${version}} failed: ${code}: ${message}`, 'error');
    }
  }
}
