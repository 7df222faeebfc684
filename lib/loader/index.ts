// lib/loader: the Manager — loads versions, keeps their states, hands out servables. Public entry point.
export {
  describeRequest, type ModelProvider, type ModelSpec, resolveServableRequest, selectStatuses, servableNotFound, type ServableHandle, type VersionState,
  type VersionStatus,
} from './manager.ts';
export { type LogLevel, ModelManager, type ManagedModel, type ModelManagerOptions } from './model-manager.ts';
export { DirVersionSource, type DirVersionSourceOptions } from './dir-source.ts';
export { RegistryVersionSource } from './registry-source.ts';
export type { VersionScan, VersionSource } from './version-source.ts';
export { loadVersion, type LoadedVersion, type VersionLoadOptions } from './version-loader.ts';
export { chooseTarget, type ChoosingLoadOptions, type HeavyThresholds, loadChosenVersion, type TargetChoice } from './target-choice.ts';
export { nextTransitions, type SnapshotState, type Transitions, type VersionSnapshot } from './transition.ts';
export { CachingManager } from './caching-manager.ts';
export type { CachedVersionInfo, CachingManagerOptions, LoaderMetric, PreloadError, PreloadResult } from './caching-options.ts';
export { budgetFromMemoryMb, CACHE_SHARE, RUNTIME_RESERVE_MB } from './cache-budget.ts';
export { noArtifactReason, readServingArtifact, servingArtifactKey, servingArtifactName, writeServingArtifact } from './serving-artifact-files.ts';
export { readVerifiedFiles, type VerifiedFiles, type VerifiedReadOptions } from './verified-files.ts';
// Functions start the engine at module scope (a cold start overlaps wasm compilation with the model fetch).
export { prestartEngine } from '../engine/index.ts';
