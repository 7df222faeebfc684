// What the REST core (and gRPC, and the Lambda handler) needs from whoever holds the models: TF Serving's
// ServerCore seen from a request. lib/loader implements it over a model directory or the S3 registry.
import type { Servable } from '../engine/index.ts';
import type { ErrorCode } from '../errors/index.ts';
import type { MetaGraph } from '../savedmodel/index.ts';

/** TF Serving's ModelSpec: a name and at most one of version / label; neither means the latest version. */
export interface ModelSpec {
  name: string;
  version?: bigint;
  label?: string;
}

/** A loaded version, pinned until `release()`: it is never disposed while a request holds it. */
export interface ServableHandle {
  readonly name: string;
  readonly version: bigint;
  readonly servable: Servable;
  /** The served MetaGraph (model metadata lists all of its signatures). */
  readonly metaGraph: MetaGraph;
  release(): void;
}

/** ModelVersionStatus.State in get_model_status.proto. */
export type VersionState = 'START' | 'LOADING' | 'AVAILABLE' | 'UNLOADING' | 'END';

export interface VersionStatus {
  version: bigint;
  state: VersionState;
  /** 'OK', or the canonical code of the load failure. */
  errorCode: ErrorCode | 'OK';
  errorMessage: string;
}

export interface ModelProvider {
  /**
   * The version a request names, loaded. Errors as TF Serving words them:
   * NOT_FOUND `Servable not found for request: Latest(foo)` / `Specific(foo, 3)`,
   * INVALID_ARGUMENT `Unrecognized servable version label: x`.
   */
  acquire(spec: ModelSpec): Promise<ServableHandle>;
  /**
   * GetModelStatus: every version the model has a state for, newest first, or just `spec.version`.
   * NOT_FOUND `Could not find any versions of model foo` / `Could not find version 3 of model foo`.
   * Like TF Serving, a label in the spec is ignored here.
   */
  status(spec: ModelSpec): Promise<VersionStatus[]>;
}

/** ServableRequest::DebugString, as in TF Serving's "Servable not found for request: …". */
export function describeRequest(spec: ModelSpec, resolvedVersion?: bigint): string {
  const version = resolvedVersion ?? spec.version;
  return version === undefined ? `Latest(${spec.name})` : `Specific(${spec.name}, ${version})`;
}
