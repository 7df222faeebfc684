// Counters and samplers (histograms) keyed by label values, as TensorFlow's monitoring library has them
// (tsl/lib/monitoring: Counter<N>, Sampler<N>, CollectionRegistry), and their plain snapshots: what the Prometheus
// page renders and what server workers send to the primary to be summed (lib/server/worker-*.ts).

export type MetricKind = 'counter' | 'histogram';

/** One label combination's value: a count, or a histogram's per-bucket counts and sum. */
export interface CellSnapshot {
  labels: string[];
  value?: number;
  buckets?: number[];
  sum?: number;
}

/** A metric as collected: TF's name (`/tensorflow/serving/request_count`), its label names and cells. */
export interface MetricSnapshot {
  name: string;
  kind: MetricKind;
  labelNames: readonly string[];
  /** Histograms: upper bounds, the last one Number.MAX_VALUE (TF's ExplicitBuckets appends DBL_MAX). */
  bucketLimits?: readonly number[];
  cells: CellSnapshot[];
}

/** Labels joined into one map key (NUL never occurs in a model name or status). */
const keyOf = (labels: readonly string[]): string => (labels.length === 1 ? labels[0] : labels.join('\u0000'));

/** monitoring::Counter<N>: a cumulative integer per label combination. */
export class Counter {
  private readonly cells = new Map<string, CellSnapshot & { value: number }>();

  constructor(readonly name: string, readonly labelNames: readonly string[]) {}

  /** @example requestCount.increment(['half_plus_two', 'OK']) */
  increment(labels: string[], by = 1): void {
    const key = keyOf(labels);
    const cell = this.cells.get(key);
    if (cell) cell.value += by;
    else this.cells.set(key, { labels, value: by });
  }

  snapshot(): MetricSnapshot {
    return { name: this.name, kind: 'counter', labelNames: this.labelNames, cells: [...this.cells.values()].map((c) => ({ labels: c.labels, value: c.value })) };
  }
}

/**
 * monitoring::Buckets::Exponential(scale, growth, count): `count` limits scale·growth^i, then DBL_MAX
 * (tsl/lib/monitoring/sampler.cc computes them by repeated multiplication, as here).
 */
export function exponentialBuckets(scale: number, growth: number, count: number): number[] {
  const limits: number[] = [];
  for (let i = 0, bound = scale; i < count; i++, bound *= growth) limits.push(bound);
  limits.push(Number.MAX_VALUE);
  return limits;
}

/** monitoring::Sampler<N>: a histogram per label combination. */
export class Sampler {
  private readonly cells = new Map<string, { labels: string[]; buckets: number[]; sum: number }>();

  constructor(readonly name: string, readonly labelNames: readonly string[], readonly bucketLimits: readonly number[]) {}

  /** Counts `value` in the first bucket whose limit is above it (tsl Histogram::Add: upper_bound, so a limit is exclusive). */
  add(labels: string[], value: number): void {
    const key = keyOf(labels);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { labels, buckets: new Array<number>(this.bucketLimits.length).fill(0), sum: 0 }));
    const limits = this.bucketLimits;
    let lo = 0;
    let hi = limits.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (limits[mid] > value) hi = mid;
      else lo = mid + 1;
    }
    cell.buckets[lo]++;
    cell.sum += value;
  }

  snapshot(): MetricSnapshot {
    const cells = [...this.cells.values()].map((c) => ({ labels: c.labels, buckets: [...c.buckets], sum: c.sum }));
    return { name: this.name, kind: 'histogram', labelNames: this.labelNames, bucketLimits: this.bucketLimits, cells };
  }
}

/** monitoring::CollectionRegistry: the metrics of one process, by name. */
export class MetricRegistry {
  private readonly metrics = new Map<string, Counter | Sampler>();

  counter(name: string, ...labelNames: string[]): Counter {
    return this.register(new Counter(name, labelNames));
  }

  sampler(name: string, bucketLimits: readonly number[], ...labelNames: string[]): Sampler {
    return this.register(new Sampler(name, labelNames, bucketLimits));
  }

  /** Every metric, including those with no cell yet (TF's exporter prints their TYPE line), sorted by name. */
  snapshot(): MetricSnapshot[] {
    return [...this.metrics.values()].map((m) => m.snapshot()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private register<M extends Counter | Sampler>(metric: M): M {
    // TF aborts on a second registration of a name ("Cannot register 2 metrics with the same name").
    if (this.metrics.has(metric.name)) throw new Error(`Cannot register 2 metrics with the same name: ${metric.name}`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

/** Sums snapshots of the same metrics (one per server worker) cell by cell: one process's view, as TF Serving has. */
export function mergeSnapshots(parts: readonly MetricSnapshot[][]): MetricSnapshot[] {
  const merged = new Map<string, MetricSnapshot & { byKey: Map<string, CellSnapshot> }>();
  for (const part of parts) {
    for (const metric of part) {
      let into = merged.get(metric.name);
      if (!into) merged.set(metric.name, (into = { ...metric, cells: [], byKey: new Map() }));
      for (const cell of metric.cells) {
        const key = keyOf(cell.labels);
        const have = into.byKey.get(key);
        if (!have) {
          const copy = { labels: cell.labels, value: cell.value, buckets: cell.buckets && [...cell.buckets], sum: cell.sum };
          into.byKey.set(key, copy);
          into.cells.push(copy);
          continue;
        }
        if (have.value !== undefined) have.value += cell.value ?? 0;
        if (have.buckets && cell.buckets) cell.buckets.forEach((n, i) => (have.buckets![i] += n));
        if (have.sum !== undefined) have.sum += cell.sum ?? 0;
      }
    }
  }
  return [...merged.values()]
    .map(({ byKey: _byKey, ...m }) => m)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
