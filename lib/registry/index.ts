// lib/registry: the Source (STYLE.md §1). Model stores (S3, local directory), the per-model manifest,
// version policy, labels and model configuration. Public entry point of the module.
export { LocalModelStore, type LocalModelStoreOptions } from './local-store.ts';
export { ManifestCache, type ManifestCacheOptions } from './manifest-cache.ts';
export { updateManifest, type UpdateManifestOptions } from './manifest-update.ts';
export { readManifest, readManifestDocument, type StoredManifest } from './read-manifest.ts';
export {
  cloneManifest, emptyManifest, MANIFEST_DOCUMENT, MANIFEST_FORMAT, parseManifest, serializeManifest,
  type Manifest, type ManifestFile, type ManifestVersion, type ManifestVersionState, type VersionTarget,
} from './manifest.ts';
export { modelConfigsFromMessage, parseModelConfigText, readModelConfigFile, singleModelConfig, type ModelConfig } from './model-config.ts';
export { checkLabel, checkModelName, checkVersion, isValidLabel, isValidModelName, parseVersionDir } from './names.ts';
export { openModelStore, type OpenModelStoreOptions } from './open-store.ts';
export { s3ServingError } from './s3-errors.ts';
export { defaultS3Client, S3ModelStore, type S3ModelStoreOptions } from './s3-store.ts';
export { s3HttpStoreFromEnv, S3HttpModelStore, type S3HttpModelStoreOptions } from './s3-http-store.ts';
export type { AwsCredentials } from './sigv4.ts';
export { checkDocumentName, checkRelativePath, checkVersionDirName } from './store-keys.ts';
export {
  type ModelStore, type ReadDocumentOptions, type ReadFileOptions, type StoredDocument, type StoredFile,
  type StoredVersion, type WriteCondition,
} from './store.ts';
export { DEFAULT_POLICY, describePolicy, policyFromProto, selectVersions, type PolicyMessage, type VersionPolicy } from './version-policy.ts';
