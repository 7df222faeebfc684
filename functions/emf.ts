// CloudWatch Embedded Metric Format: one JSON log line per metric event, which CloudWatch turns into metrics
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
import type { LoaderMetric } from '../lib/loader/index.ts';

const NAMESPACE = 'tf-serverless';

/** The EMF line for a loader event: a Count metric named after the kind, plus its duration/size. */
export function emfLine(event: LoaderMetric | { kind: 'cold_start'; model?: string; ms: number }, now = Date.now()): string {
  const metrics: { Name: string; Unit: string }[] = [{ Name: event.kind, Unit: 'Count' }];
  const values: Record<string, number> = { [event.kind]: 1 };
  if ('ms' in event && event.ms !== undefined) {
    metrics.push({ Name: `${event.kind}_ms`, Unit: 'Milliseconds' });
    values[`${event.kind}_ms`] = event.ms;
  }
  if ('bytes' in event && event.bytes !== undefined) {
    metrics.push({ Name: `${event.kind}_bytes`, Unit: 'Bytes' });
    values[`${event.kind}_bytes`] = event.bytes;
  }
  const model = event.model ?? '';
  return JSON.stringify({
    _aws: { Timestamp: now, CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: [['model']], Metrics: metrics }] },
    model,
    ...('version' in event && event.version !== undefined ? { version: String(event.version) } : {}),
    ...values,
  });
}
