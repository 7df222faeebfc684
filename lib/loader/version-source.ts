// Where a managed model's versions come from (TF Serving's Source): a local directory polled like
// FileSystemStoragePathSource, or the S3 registry's manifest. The manager applies the version policy.

import type { VersionPolicy } from '../registry/index.ts';
import type { ModelFiles } from '../savedmodel/index.ts';

export interface VersionScan {
  /** Versions whose files are complete, each with a fingerprint that changes whenever its files change. */
  ready: Map<bigint, string>;
  /** Versions seen but not loadable yet (half-copied), with the reason; never loaded, never listed in status. */
  pending: Map<bigint, string>;
  /** Versions the source has declared failed on its own (e.g. FAILED in the manifest), with the error. */
  failed?: Map<bigint, string>;
  /** The policy the source itself prescribes (the registry's manifest); it replaces the configured one. */
  policy?: VersionPolicy;
  /** Labels the source itself prescribes (the manifest's); they replace the configured ones. */
  labels?: Map<string, bigint>;
  /** When no version was found: what the base path looks like instead (e.g. a version directory itself). */
  emptyHint?: string;
}

export interface VersionSource {
  /** For messages: "/models/digits" or "s3://bucket/models/digits". */
  readonly url: string;
  /** One look at the source. Throws (e.g. UNAVAILABLE) when the source cannot be read at all. */
  scan(): Promise<VersionScan>;
  /** All files of one ready version, in memory. */
  read(version: bigint): Promise<ModelFiles>;
}
