// tensorflow_model_server's command line (absl flags: --name=value, --name value, --bool, --nobool,
// --bool=false), parsed into typed values. TF Serving flags we do not need are accepted and reported.
import { ServingError } from '../errors/index.ts';
import { UsageError } from './user-errors.ts';

type FlagType = 'int' | 'string' | 'bool';

interface FlagSpec {
  type: FlagType;
  default: number | string | boolean | undefined;
  help: string;
}

/** The flags `serve` acts on: TF Serving's own names and defaults, plus ours (marked). */
export const SERVE_FLAGS = {
  port: { type: 'int', default: 8500, help: 'gRPC port (0 = no gRPC server)' },
  rest_api_port: { type: 'int', default: 8501, help: 'HTTP/REST port (0 = pick a free port)' },
  rest_api_timeout_in_ms: { type: 'int', default: 30000, help: 'REST request deadline in ms' },
  model_name: { type: 'string', default: 'default', help: 'name of the model served from --model_base_path' },
  model_base_path: { type: 'string', default: undefined, help: 'directory (or s3:// URL) holding <version>/ directories' },
  model_config_file: { type: 'string', default: undefined, help: 'text-format ModelServerConfig (model_config_list)' },
  model_config_file_poll_wait_seconds: { type: 'int', default: 0, help: 'seconds between re-reads of --model_config_file (0 = read once)' },
  grpc_socket_path: { type: 'string', default: undefined, help: 'also serve gRPC on this Unix domain socket' },
  grpc_channel_arguments: { type: 'string', default: undefined, help: 'gRPC server channel arguments, key=value,key=value (those grpc-js has)' },
  monitoring_config_file: { type: 'string', default: undefined, help: 'text-format MonitoringConfig: prometheus_config { enable: true path: "…" } (without it: /monitoring/prometheus/metrics)' },
  file_system_poll_wait_seconds: { type: 'int', default: 1, help: 'seconds between scans for new versions (0 = once)' },
  enable_batching: { type: 'bool', default: false, help: 'batch concurrent requests to the same model version and signature' },
  batching_parameters_file: { type: 'string', default: undefined, help: 'text-format BatchingParameters (max_batch_size, batch_timeout_micros, …); needs --enable_batching' },
  enable_model_warmup: { type: 'bool', default: true, help: 'replay assets.extra/tf_serving_warmup_requests at load' },
  saved_model_tags: { type: 'string', default: 'serve', help: 'comma-separated MetaGraph tag set' },
  rest_api_enable_cors_support: { type: 'bool', default: false, help: 'add CORS headers and answer OPTIONS preflights' },
  host: { type: 'string', default: '0.0.0.0', help: '(tf-serverless) address to bind' },
  workers: { type: 'int', default: 1, help: '(tf-serverless) server processes sharing the REST and gRPC ports, each with every model loaded (memory × N); 0 = one per CPU core' },
  engine: { type: 'string', default: 'portable', help: '(tf-serverless) portable, native, auto (native when installed) or per-model (native only for the models the portable engine cannot run)' },
  backend: { type: 'string', default: 'wasm', help: '(tf-serverless) portable engine backend: wasm or cpu' },
  rest_api_max_body_bytes: { type: 'int', default: 64 * 1024 * 1024, help: '(tf-serverless) largest REST body; larger gets 413' },
  rest_api_max_inflight_body_bytes: { type: 'int', default: 0, help: '(tf-serverless) REST body bytes held at once, all requests together; more gets 429 (0 = 4 × rest_api_max_body_bytes)' },
  incomplete_version_timeout_seconds: { type: 'int', default: 0, help: '(tf-serverless) a version whose files stay incomplete and unchanged this long fails (0 = max(10, 5 × file_system_poll_wait_seconds))' },
  shutdown_grace_seconds: { type: 'int', default: 10, help: '(tf-serverless) on SIGTERM, seconds in-flight requests may take before their connections are closed' },
  max_model_bytes: { type: 'int', default: 0, help: '(tf-serverless) bytes of constants + variables one version may have; more fails its load (0 = a quarter of the memory)' },
  max_tensor_bytes: { type: 'int', default: 0, help: '(tf-serverless) bytes of one tensor at request time (decoded gRPC inputs, kernel outputs); more is RESOURCE_EXHAUSTED (0 = as max_model_bytes)' },
  grpc_tensor_content: { type: 'bool', default: false, help: '(tf-serverless) gRPC outputs in tensor_content instead of typed *_val fields' },
  log_format: { type: 'string', default: 'glog', help: '(tf-serverless) log lines as TF does (glog) or json' },
  access_log: { type: 'bool', default: false, help: '(tf-serverless) one log line per REST request and gRPC call, with its request id' },
  print_examples: { type: 'bool', default: false, help: '(tf-serverless) print ready-to-paste curl lines once serving' },
} as const satisfies Record<string, FlagSpec>;

/** TF Serving flags that have no effect here (threading, TPU, …): accepted, noted on stderr. */
const IGNORED_TF_FLAGS = new Set([
  'rest_api_num_threads', 'tensorflow_session_parallelism', 'tensorflow_intra_op_parallelism', 'tensorflow_inter_op_parallelism',
  'enable_per_model_batching_parameters', 'max_num_load_retries', 'load_retry_interval_micros', 'flush_filesystem_caches',
  'per_process_gpu_memory_fraction', 'enable_signature_method_name_check',
  'xla_cpu_compilation_enabled', 'remove_unused_fields_from_bundle_metagraph', 'num_request_iterations_for_warmup',
  'allow_version_labels', 'allow_version_labels_for_unavailable_models', 'enable_profiler',
  'num_load_threads', 'num_unload_threads', 'grpc_max_threads', 'use_alts_credentials', 'prefer_tflite_model',
  'thread_pool_factory_config_file', 'mixed_precision', 'skip_initialize_tpu', 'enable_grpc_healthcheck_service', 'platform_config_file',
]);

type Values = { -readonly [K in keyof typeof SERVE_FLAGS]: (typeof SERVE_FLAGS)[K]['type'] extends 'int' ? number : (typeof SERVE_FLAGS)[K]['type'] extends 'bool' ? boolean : string | undefined };

export type ServeFlags = Values;

export interface ParsedServeFlags {
  values: Values;
  /** Ignored TF Serving flags that were given, for a note. */
  ignored: string[];
}

export function parseServeFlags(argv: readonly string[]): ParsedServeFlags {
  const specs = SERVE_FLAGS as Record<string, FlagSpec>;
  const values = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])) as Record<string, unknown>;
  const ignored: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`unexpected argument '${arg}'`);
    let [, name, value] = m;
    let spec = specs[name];
    if (!spec && name.startsWith('no') && specs[name.slice(2)]?.type === 'bool' && value === undefined) {
      name = name.slice(2);
      spec = specs[name];
      value = 'false';
    }
    if (!spec) {
      if (!IGNORED_TF_FLAGS.has(name)) throw new UsageError(`unknown flag --${name}`);
      if (value === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) i++;
      ignored.push(name);
      continue;
    }
    if (value === undefined) {
      if (spec.type === 'bool') value = 'true';
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`flag --${name} needs a value`);
    }
    values[name] = convert(name, spec.type, value);
  }
  return { values: values as Values, ignored };
}

function convert(name: string, type: FlagType, text: string): number | string | boolean {
  if (type === 'string') return text;
  if (type === 'bool') {
    if (/^(true|1|yes)$/i.test(text)) return true;
    if (/^(false|0|no)$/i.test(text)) return false;
    throw usage(`--${name} wants true or false, got '${text}'`);
  }
  if (!/^-?\d+$/.test(text)) throw usage(`--${name} wants an integer, got '${text}'`);
  return Number(text);
}

function usage(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

/** The flags with their help and defaults, then the TF Serving flags accepted without effect. */
export function serveFlagsHelp(): string {
  const acted = Object.entries(SERVE_FLAGS as Record<string, FlagSpec>)
    .map(([k, s]) => `  --${k.padEnd(38)}${s.help}${s.default === undefined ? '' : ` (default ${s.default})`}`);
  const ignored = wrap([...IGNORED_TF_FLAGS].sort().map((n) => `--${n}`), 100, '  ');
  return [
    ...acted,
    '',
    'TF Serving flags accepted with no effect here (threading, TPU, …; noted on stderr when given):',
    ...ignored,
    '',
    'Flags take --name=value or --name value; booleans also --name, --noname, --name=false (absl style).',
  ].join('\n');
}

function wrap(words: string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim()) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${w} `;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
