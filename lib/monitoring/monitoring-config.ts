// --monitoring_config_file: TF Serving's text-format MonitoringConfig
// (`prometheus_config { enable: true path: "/monitoring/prometheus/metrics" }`), read like model_servers/server.cc
// reads it (ParseProtoTextFile<MonitoringConfig>): a file that cannot be read or parsed stops the server.
import { readFile } from 'node:fs/promises';
import { ServingError } from '../errors/index.ts';
import { parseTextProto, protoType } from '../proto/index.ts';
import { DEFAULT_PROMETHEUS_PATH } from './prometheus-text.ts';

export interface MonitoringConfig {
  /** Where the Prometheus page is served on the REST port; undefined = not served (enable: false). */
  prometheusPath: string | undefined;
}

interface MonitoringConfigMessage {
  prometheus_config?: { enable?: boolean; path?: string } | null;
}

/**
 * Parses the text; errors in TF Serving's words: protobuf's "Error parsing text-format
 * tensorflow.serving.MonitoringConfig: <file>:L:C: …" then proto_util.h's "Invalid protobuf file: '<file>'".
 * @example parseMonitoringConfig('prometheus_config { enable: true }')  // { prometheusPath: '/monitoring/prometheus/metrics' }
 */
export function parseMonitoringConfig(text: string, fileName = '<monitoring.config>'): MonitoringConfig {
  let message: MonitoringConfigMessage;
  try {
    message = parseTextProto(protoType('tensorflow.serving.MonitoringConfig'), text, { fileName }) as MonitoringConfigMessage;
  } catch (e) {
    if (!(e instanceof ServingError)) throw e;
    const detail = e.message.replace(/ \(line \d+, column \d+\)$/, '');
    throw new ServingError('INVALID_ARGUMENT', `Error parsing text-format tensorflow.serving.MonitoringConfig: ${detail}\nInvalid protobuf file: '${fileName}'`, { cause: e });
  }
  const prometheus = message.prometheus_config;
  // http_server.cc: the handler is registered only when enable is true; an empty path means kPrometheusPath.
  if (!prometheus?.enable) return { prometheusPath: undefined };
  const path = prometheus.path || DEFAULT_PROMETHEUS_PATH;
  if (!path.startsWith('/')) throw new ServingError('INVALID_ARGUMENT', `${fileName}: prometheus_config.path must start with '/', got '${path}'`);
  return { prometheusPath: path };
}

/** Reads and parses --monitoring_config_file. */
export async function readMonitoringConfigFile(path: string): Promise<MonitoringConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ServingError('NOT_FOUND', `Cannot read monitoring config file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseMonitoringConfig(text, path);
}
