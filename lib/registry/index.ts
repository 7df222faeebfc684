// lib/registry: where models and their versions live (stores, manifest), and which versions to serve
// (version policy, labels, model config). Public entry point of the module.
export { checkLabel, checkModelName, checkVersion, isValidLabel, isValidModelName, parseVersionDir } from './names.ts';
export { DEFAULT_POLICY, describePolicy, policyFromProto, selectVersions, type VersionPolicy } from './version-policy.ts';
export { type ModelConfig, parseModelConfigText, readModelConfigFile, singleModelConfig } from './model-config.ts';
