// What the REST server records per answer, and its Prometheus page. TF Serving's metrics (lib/monitoring) are
// recorded like its RestApiRequestDispatcher: every /v1/ request counts in request_count{model_name, status}
// (model_name as parsed from the path, '' when it did not parse), OK ones add request_latency{model_name, API,
// entrypoint="REST"} in µs, API being the route's method ('predict', 'classify', 'regress'; '' for GETs, whose
// method TF never sets). Ours beside them: tf_serverless_requests_total{model, api, code} with the HTTP code.
import type { RestResponse } from '../api/index.ts';
import { type MetricSnapshot, prometheusText, recordRequest, SERVING_METRICS } from '../monitoring/index.ts';

const restRequests = SERVING_METRICS.counter('tf_serverless_requests_total', 'model', 'api', 'code');

/** Records one answered /v1/ request that took `micros`. */
export function recordRestAnswer(answer: RestResponse, micros: number): void {
  const route = answer.route;
  const model = route?.spec.name ?? '';
  const kind = route?.kind;
  const api = kind === 'predict' || kind === 'classify' || kind === 'regress' ? kind : '';
  recordRequest(model, api, 'REST', answer.code ?? (answer.status === 200 ? 'OK' : 'UNKNOWN'), micros);
  restRequests.increment([answer.status === 200 ? model : '', kind ?? 'unknown', String(answer.status)]);
}

/** The page: the metrics in TF Serving's exposition format, then `gauges` (ours) as plain gauges. */
export function metricsPage(metrics: readonly MetricSnapshot[], gauges: Record<string, number> = {}): string {
  const extra = Object.entries(gauges).flatMap(([name, v]) => [`# TYPE ${name} gauge`, `${name} ${v}`]);
  return prometheusText(metrics) + (extra.length ? `${extra.join('\n')}\n` : '');
}
