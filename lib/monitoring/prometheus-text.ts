// TF Serving's Prometheus page (util/prometheus_exporter.cc), quirks kept so scrapers and dashboards made for
// tensorflow_model_server read ours the same: metric names are TF's with every character outside [a-zA-Z0-9_]
// turned into ':' (`/tensorflow/serving/request_count` → `:tensorflow:serving:request_count`), a `# TYPE` line
// and no `# HELP`, integer counters, histogram limits and sums printed as absl::StrCat prints a double (printf
// "%.6g": `le="1.27482e+06"`), the last bucket `+Inf`, latencies in microseconds. One deviation: a newline in a
// label value is written `\n` (TF writes it raw, which breaks the page).
import type { MetricSnapshot } from './metric-registry.ts';

/** PrometheusExporter::kPrometheusPath, used when prometheus_config.path is empty. */
export const DEFAULT_PROMETHEUS_PATH = '/monitoring/prometheus/metrics';

/** The exposition text (format 0.0.4) of `metrics`, in the order given (TF's: by name). */
export function prometheusText(metrics: readonly MetricSnapshot[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    const name = metricName(m.name);
    lines.push(`# TYPE ${name} ${m.kind}`);
    const names = m.labelNames.map(labelName);
    for (const cell of m.cells) {
      const labels = cell.labels.map((v, i) => `${names[i]}="${labelValue(v)}"`).join(',');
      if (m.kind === 'counter') {
        lines.push(`${name}{${labels}} ${Math.trunc(cell.value ?? 0)}`);
        continue;
      }
      const limits = m.bucketLimits ?? [];
      const prefix = `${name}_bucket{${labels}${labels ? ',' : ''}`;
      let cumulative = 0;
      (cell.buckets ?? []).forEach((n, i) => {
        cumulative += n;
        lines.push(`${prefix}le="${i < limits.length - 1 ? sixDigits(limits[i]) : '+Inf'}"} ${cumulative}`);
      });
      lines.push(`${name}_sum{${labels}} ${sixDigits(cell.sum ?? 0)}`, `${name}_count{${labels}} ${cumulative}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** GetPrometheusMetricName: [^a-zA-Z0-9_] → ':', a leading digit gets '_'. */
function metricName(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9_]/g, ':');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** SanatizeLabelName: [^a-zA-Z0-9] → '_', a leading digit gets '_'. */
function labelName(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9]/g, '_');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** SanitizeLabelValue escapes \ and "; we also escape newlines (see the header). */
function labelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * A double as absl::StrCat writes it (SixDigits: printf's "%.6g"), e.g. 188.9568 → "188.957",
 * 1274823.62 → "1.27482e+06". Ties round to even as printf does (JS's toPrecision rounds them up).
 */
export function sixDigits(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  let rounded = Number(value.toExponential(5));
  const digits = Math.abs(value).toFixed(0);
  // An integer whose 7th significant digit is a lone 5 is a tie (latency sums are integers of µs).
  if (Number.isInteger(value) && digits.length > 6 && digits.length <= 21 && /^50*$/.test(digits.slice(6)) && Number(digits[5]) % 2 === 0) {
    rounded = Math.sign(value) * Number(digits.slice(0, 6) + '0'.repeat(digits.length - 6));
  }
  const [mantissa, exp] = rounded.toExponential(5).split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${stripZeros(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return stripZeros(rounded.toFixed(5 - e));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
