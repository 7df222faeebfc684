// lib/monitoring: TF Serving's metrics (names, labels, buckets) in this process's registry, their Prometheus page
// in TF Serving's exposition format, and --monitoring_config_file. A leaf: the loader, gRPC and the servers record
// into it; lib/server serves the page. Public entry point of the module.
export { type CellSnapshot, Counter, exponentialBuckets, mergeSnapshots, MetricRegistry, type MetricKind, type MetricSnapshot, Sampler } from './metric-registry.ts';
export {
  type Entrypoint, recordLoadAttempt, recordRequest, recordRequestExampleCount, recordWarmup, SERVING_METRICS, servingMetricsSnapshot,
} from './serving-metrics.ts';
export { DEFAULT_PROMETHEUS_PATH, prometheusText, sixDigits } from './prometheus-text.ts';
export { type MonitoringConfig, parseMonitoringConfig, readMonitoringConfigFile } from './monitoring-config.ts';
