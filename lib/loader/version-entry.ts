// One version's life in the manager: START → LOADING → AVAILABLE → UNLOADING → END, or END with an error.
// Counts the handles out so that unloading waits for the last request (TF Serving's ServableHandle).
import type { ServableHandle, VersionState, VersionStatus } from './manager.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { LoadedVersion } from './version-loader.ts';

export class VersionEntry {
  state: VersionState = 'START';
  /** Set when the load failed (state END with an error). */
  failed = false;
  /** The source's fingerprint of the files this entry loaded (or failed on). */
  fingerprint: string | undefined;
  private errorCode: ErrorCode | 'OK' = 'OK';
  private errorMessage = '';
  private loaded: LoadedVersion | undefined;
  private refs = 0;

  constructor(readonly version: bigint) {}

  startLoading(fingerprint: string): void {
    this.state = 'LOADING';
    this.fingerprint = fingerprint;
  }

  available(loaded: LoadedVersion): void {
    this.loaded = loaded;
    this.state = 'AVAILABLE';
  }

  markFailed(code: ErrorCode, message: string, fingerprint: string | undefined): void {
    if (this.state === 'AVAILABLE') return; // a manifest cannot fail a version this process already serves
    this.state = 'END';
    this.failed = true;
    this.errorCode = code;
    this.errorMessage = message;
    this.fingerprint = fingerprint;
  }

  /** True while loading or while a request holds it. */
  busy(): boolean {
    return this.state === 'LOADING' || this.refs > 0;
  }

  /** A pinned handle, or undefined unless AVAILABLE. */
  acquire(name: string): ServableHandle | undefined {
    const loaded = this.loaded;
    if (this.state !== 'AVAILABLE' || !loaded) return undefined;
    this.refs++;
    let released = false;
    return {
      name,
      version: this.version,
      servable: loaded.servable,
      metaGraph: loaded.metaGraph,
      release: () => {
        if (released) return;
        released = true;
        this.refs--;
        if (this.state === 'UNLOADING' && this.refs === 0) this.dispose();
      },
    };
  }

  unload(): void {
    if (this.state !== 'AVAILABLE') return;
    this.state = 'UNLOADING';
    if (this.refs === 0) this.dispose();
  }

  memoryBytes(): number {
    return this.loaded?.servable.memoryBytes() ?? 0;
  }

  status(): VersionStatus {
    return { version: this.version, state: this.state, errorCode: this.errorCode, errorMessage: this.errorMessage };
  }

  private dispose(): void {
    this.loaded?.servable.dispose();
    this.loaded = undefined;
    this.state = 'END';
  }
}
