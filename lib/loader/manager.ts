// The Manager contract (TF Serving's core/manager.h), owned by lib/loader which implements it twice: ModelManager
// over a model directory (`serve`) and CachingManager over the S3 registry (Lambda). REST, gRPC and the Lambda
// handler consume it. Both managers resolve requests and word TF Serving's NOT_FOUND texts with the helpers here.
import type { Servable } from '../engine/index.ts';
import { type ErrorCode, ServingError } from '../errors/index.ts';
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
  /**
   * A hint, free to compute: false when answering `spec` would load a version first (nothing of the model is
   * loaded here). REST then checks the body before paying for a load. Absent means "never loads on acquire".
   */
  isAvailable?(spec: ModelSpec): boolean;
}

/** ServableRequest::DebugString, as in TF Serving's "Servable not found for request: …". */
export function describeRequest(spec: ModelSpec, resolvedVersion?: bigint): string {
  const version = resolvedVersion ?? spec.version;
  return version === undefined ? `Latest(${spec.name})` : `Specific(${spec.name}, ${version})`;
}

/** NOT_FOUND "Servable not found for request: Latest(m)" / "Specific(m, 3)" (BasicManager::GetUntypedServableHandle). */
export function servableNotFound(name: string, version?: bigint): ServingError {
  return new ServingError('NOT_FOUND', `Servable not found for request: ${describeRequest({ name }, version)}`);
}

/**
 * The version a request names among the versions serving now, as both managers resolve it: a label through
 * `labels` (unknown: INVALID_ARGUMENT `Unrecognized servable version label: x`; a label wins over a version),
 * else the spec's version, else the newest serving one; a version not serving is `servableNotFound`.
 * @example resolveServableRequest({ name: 'm' }, new Map(), [1n, 3n])  // 3n
 */
export function resolveServableRequest(spec: ModelSpec, labels: ReadonlyMap<string, bigint> | undefined, serving: readonly bigint[]): bigint {
  let version = spec.version;
  if (spec.label !== undefined) {
    version = labels?.get(spec.label);
    if (version === undefined) throw new ServingError('INVALID_ARGUMENT', `Unrecognized servable version label: ${spec.label}`);
  }
  if (version === undefined) for (const v of serving) if (version === undefined || v > version) version = v;
  if (version === undefined || !serving.includes(version)) throw servableNotFound(spec.name, version);
  return version;
}

/**
 * GetModelStatus's answer from a model's statuses (newest first): all of them, or the one `spec.version` names,
 * with TF Serving's NOT_FOUND `Could not find any versions of model m` / `Could not find version 3 of model m`.
 * A label in the spec is ignored, as in GetModelStatusImpl.
 */
export function selectStatuses(spec: ModelSpec, statuses: VersionStatus[]): VersionStatus[] {
  if (spec.version !== undefined) {
    const one = statuses.find((s) => s.version === spec.version);
    if (!one) throw new ServingError('NOT_FOUND', `Could not find version ${spec.version} of model ${spec.name}`);
    return [one];
  }
  if (statuses.length === 0) throw new ServingError('NOT_FOUND', `Could not find any versions of model ${spec.name}`);
  return statuses;
}
