// The models a server serves: TF Serving's ModelServerConfig (text-format `model_config_list`, the
// --model_config_file) or the single model of --model_name/--model_base_path, as plain objects.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ServingError } from '../errors/index.ts';
import { parseTextProto, protoType } from '../proto/index.ts';
import { toBigInt, type Int64Like } from '../tensor/index.ts';
import { checkLabel, checkModelName, checkVersion } from './names.ts';
import { DEFAULT_POLICY, policyFromProto, type PolicyMessage, type VersionPolicy } from './version-policy.ts';

export interface ModelConfig {
  name: string;
  /** A local directory or an s3:// URL holding `<version>/` directories. */
  basePath: string;
  policy: VersionPolicy;
  /** version_labels: label → version. */
  labels: Map<string, bigint>;
}

interface ModelConfigMessage {
  name?: string;
  base_path?: string;
  model_platform?: string;
  model_version_policy?: PolicyMessage | null;
  version_labels?: Record<string, Int64Like>;
}

/** TF Serving's defaults: --model_name=default, latest 1. */
export function singleModelConfig(name: string, basePath: string): ModelConfig {
  return { name, basePath, policy: DEFAULT_POLICY, labels: new Map() };
}

/**
 * Parses a text-format ModelServerConfig. Relative base paths are resolved against `relativeTo`
 * (TF Serving resolves them against --model_config_file's directory only with a flag; absolute paths are the norm).
 */
export function parseModelConfigText(text: string, fileName = '<models.config>', relativeTo?: string): ModelConfig[] {
  const type = protoType('tensorflow.serving.ModelServerConfig');
  return modelConfigsFromMessage(parseTextProto(type, text, { fileName }), fileName, relativeTo);
}

/**
 * A parse error in TF Serving's words: protobuf's TextFormat logs "Error parsing text-format
 * tensorflow.serving.ModelServerConfig: LINE:COL: …" and ParseProtoTextFile (model_servers/server.cc) then fails
 * with "Invalid protobuf file: '<file>'"; tooling greps for the first. We keep the file name before LINE:COL.
 */
function textFormatError(parserMessage: string, fileName: string): string {
  const detail = parserMessage.replace(/ \(line \d+, column \d+\)$/, '');
  return `Error parsing text-format tensorflow.serving.ModelServerConfig: ${detail}\nInvalid protobuf file: '${fileName}'`;
}

/** The models of a decoded ModelServerConfig message (HandleReloadConfigRequest's `config`), checked like a config file. */
export function modelConfigsFromMessage(message: object, fileName = '<ModelServerConfig>', relativeTo?: string): ModelConfig[] {
  const type = protoType('tensorflow.serving.ModelServerConfig');
  const raw = type.toObject(type.fromObject(message), { longs: String }) as { model_config_list?: { config?: ModelConfigMessage[] }; custom_model_config?: unknown };
  if (raw.custom_model_config) throw new ServingError('INVALID_ARGUMENT', `${fileName}: custom_model_config is not supported; use model_config_list`);
  const configs = (raw.model_config_list?.config ?? []).map((c, i) => modelConfigFromMessage(c, `${fileName}: config #${i + 1}`, relativeTo));
  const seen = new Set<string>();
  for (const c of configs) {
    if (seen.has(c.name)) throw new ServingError('INVALID_ARGUMENT', `${fileName}: model name ${c.name} appears more than once`);
    seen.add(c.name);
  }
  return configs;
}

export async function readModelConfigFile(path: string): Promise<ModelConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ServingError('NOT_FOUND', `Cannot read model config file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const type = protoType('tensorflow.serving.ModelServerConfig');
  let message: object;
  try {
    message = parseTextProto(type, text, { fileName: path });
  } catch (e) {
    if (!(e instanceof ServingError)) throw e;
    throw new ServingError('INVALID_ARGUMENT', textFormatError(e.message, path), { cause: e });
  }
  return modelConfigsFromMessage(message, path, dirname(resolve(path)));
}

function modelConfigFromMessage(c: ModelConfigMessage, where: string, relativeTo?: string): ModelConfig {
  const name = c.name ?? '';
  if (!name) throw new ServingError('INVALID_ARGUMENT', `${where}: name is empty`);
  // The name becomes a store key / path segment, so the registry's charset applies (names.ts).
  inContext(where, () => checkModelName(name));
  if (!c.base_path) throw new ServingError('INVALID_ARGUMENT', `${where} (${name}): base_path is empty`);
  if (c.model_platform && c.model_platform !== 'tensorflow') {
    throw new ServingError('INVALID_ARGUMENT', `${where} (${name}): model_platform "${c.model_platform}" is not supported (only "tensorflow")`);
  }
  const labels = new Map<string, bigint>();
  for (const [label, version] of Object.entries(c.version_labels ?? {})) {
    labels.set(inContext(`${where} (${name})`, () => checkLabel(label)), inContext(`${where} (${name}) label ${label}`, () => checkVersion(toBigInt(version))));
  }
  let basePath = c.base_path;
  if (relativeTo && !basePath.includes('://') && !isAbsolute(basePath)) basePath = resolve(relativeTo, basePath);
  return { name, basePath, policy: inContext(`${where} (${name})`, () => policyFromProto(c.model_version_policy)), labels };
}

/** Runs `check`, prefixing the message of a ServingError it throws with `where`. */
function inContext<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ServingError) throw new ServingError(e.code, `${where}: ${e.message}`, { cause: e });
    throw e;
  }
}
