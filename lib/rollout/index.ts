// lib/rollout: validate and publish uploaded versions (rollout), version labels and rollback, over a
// ModelStore and its manifest. Used by functions/rollout.ts and the CLI (push, label, rollback).
// Public entry point of the module.
export {
  COMMIT_MARKER_FORMAT, COMMIT_MARKER_PATH, parseCommitMarker, sameFiles, serializeCommitMarker, sortFiles,
  type CommitMarker,
} from './commit-marker.ts';
export { decodeS3Key, eventsToVersions, type VersionRef } from './events.ts';
export { requireAvailable, setLabel, type LabelChange } from './labels.ts';
export { highestAvailable } from './publish.ts';
export { ROLLBACK_ERROR_PREFIX, rollback, type RollbackOptions, type RollbackResult } from './rollback.ts';
export { checkRolloutConfig, readRolloutConfig, ROLLOUT_CONFIG_DOCUMENT, type AutoLabelRule, type RolloutConfig } from './rollout-config.ts';
export { rolloutVersions, type VersionDir } from './rollout-versions.ts';
export { rolloutVersion, type RolloutOptions, type RolloutResult, type RolloutState } from './rollout-version.ts';
export { sha256Hex } from './version-files.ts';
