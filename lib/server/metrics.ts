// Request counters and latency sums for GET /monitoring/prometheus/metrics (Prometheus text format 0.0.4).
// Deliberately small: a counter per (model, api, HTTP status) and a latency sum/count per (model, api).

interface Latency {
  count: number;
  sumSeconds: number;
}

export class ServerMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Latency>();

  record(model: string, api: string, status: number, seconds: number): void {
    const key = `model="${escape(model)}",api="${escape(api)}",code="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lkey = `model="${escape(model)}",api="${escape(api)}"`;
    const l = this.latency.get(lkey) ?? { count: 0, sumSeconds: 0 };
    l.count++;
    l.sumSeconds += seconds;
    this.latency.set(lkey, l);
  }

  /** The exposition text; `gauges` adds extra lines such as loaded versions. */
  render(gauges: Record<string, number> = {}): string {
    const lines = ['# HELP tf_serverless_requests_total REST requests by model, API and HTTP status.', '# TYPE tf_serverless_requests_total counter'];
    for (const [k, v] of this.requests) lines.push(`tf_serverless_requests_total{${k}} ${v}`);
    lines.push('# HELP tf_serverless_request_seconds REST request latency.', '# TYPE tf_serverless_request_seconds summary');
    for (const [k, l] of this.latency) lines.push(`tf_serverless_request_seconds_sum{${k}} ${l.sumSeconds}`, `tf_serverless_request_seconds_count{${k}} ${l.count}`);
    for (const [name, v] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${v}`);
    return `${lines.join('\n')}\n`;
  }
}

function escape(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
