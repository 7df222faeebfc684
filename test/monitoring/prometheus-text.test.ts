// TF Serving's exposition format (util/prometheus_exporter.cc) and absl's SixDigits double printing, on a
// registry of our own: names, TYPE lines, cumulative buckets with TF's exclusive limits, +Inf, sums, merging.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { exponentialBuckets, mergeSnapshots, MetricRegistry, prometheusText, sixDigits } from '../../lib/monitoring/index.ts';

describe('sixDigits (absl::StrCat of a double, printf %.6g)', () => {
  // Expected strings printed by Python's '%.6g' % x (C printf), e.g. the latency bucket limits 10·1.8^i.
  it.each([
    [10, '10'], [32.400000000000006, '32.4'], [188.95680000000002, '188.957'], [1101.9960576000003, '1102'],
    [121439.53109659429, '121440'], [1274823.6216396084, '1.27482e+06'], [1474755971.2960694, '1.47476e+09'],
    [0.5, '0.5'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1.234e-5, '1.234e-05'], [999999.5, '1e+06'], [1e6, '1e+06'],
    [1234565, '1.23456e+06'], [1234575, '1.23458e+06'], [1234566, '1.23457e+06'], [0, '0'], [-2.5, '-2.5'],
  ])('%s → %s', (x, text) => {
    expect(sixDigits(x)).toBe(text);
  });
});

describe('exponentialBuckets', () => {
  it('has count limits then DBL_MAX, like Buckets::Exponential', () => {
    const limits = exponentialBuckets(1, 2, 15);
    expect(limits).toHaveLength(16);
    expect(limits.slice(0, 3)).toEqual([1, 2, 4]);
    expect(limits[14]).toBe(16384);
    expect(limits[15]).toBe(Number.MAX_VALUE);
  });
});

describe('prometheusText', () => {
  const registry = () => {
    const r = new MetricRegistry();
    const counter = r.counter('/tensorflow/serving/request_count', 'model_name', 'status');
    const sampler = r.sampler('/tensorflow/serving/request_latency', [10, 18, Number.MAX_VALUE], 'model_name', 'API', 'entrypoint');
    r.counter('/never/used', 'x');
    return { r, counter, sampler };
  };

  it('writes TF Serving\'s names, TYPE lines without HELP, and counters as integers', () => {
    const { r, counter } = registry();
    counter.increment(['half_plus_two', 'OK']);
    counter.increment(['half_plus_two', 'OK']);
    counter.increment(['nope', 'NOT_FOUND']);
    const text = prometheusText(r.snapshot());
    expect(text).toContain('# TYPE :tensorflow:serving:request_count counter\n');
    expect(text).toContain(':tensorflow:serving:request_count{model_name="half_plus_two",status="OK"} 2\n');
    expect(text).toContain(':tensorflow:serving:request_count{model_name="nope",status="NOT_FOUND"} 1\n');
    expect(text).not.toContain('# HELP');
    // A metric with no cell still has its TYPE line, as TF's CollectMetrics gives every registered metric.
    expect(text).toContain('# TYPE :never:used counter\n');
    const parsed = parsePrometheusTextFormat(text);
    const family = parsed.find((f) => f.name === ':tensorflow:serving:request_count');
    expect(family?.type).toBe('COUNTER');
    expect(family?.metrics).toEqual([
      { labels: { model_name: 'half_plus_two', status: 'OK' }, value: '2' },
      { labels: { model_name: 'nope', status: 'NOT_FOUND' }, value: '1' },
    ]);
  });

  it('writes histograms with cumulative buckets, exclusive limits, +Inf, _sum and _count', () => {
    const { r, sampler } = registry();
    for (const v of [5, 10, 17, 1e9]) sampler.add(['m', 'predict', 'REST'], v);
    const text = prometheusText(r.snapshot());
    expect(text).toContain([
      '# TYPE :tensorflow:serving:request_latency histogram',
      // 10 is not below the limit 10: tsl's Histogram::Add puts it in the next bucket (upper_bound).
      ':tensorflow:serving:request_latency_bucket{model_name="m",API="predict",entrypoint="REST",le="10"} 1',
      ':tensorflow:serving:request_latency_bucket{model_name="m",API="predict",entrypoint="REST",le="18"} 3',
      ':tensorflow:serving:request_latency_bucket{model_name="m",API="predict",entrypoint="REST",le="+Inf"} 4',
      ':tensorflow:serving:request_latency_sum{model_name="m",API="predict",entrypoint="REST"} 1e+09',
      ':tensorflow:serving:request_latency_count{model_name="m",API="predict",entrypoint="REST"} 4',
    ].join('\n'));
    expect(parsePrometheusTextFormat(text).find((f) => f.name === ':tensorflow:serving:request_latency')?.type).toBe('HISTOGRAM');
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    const { r, counter } = registry();
    counter.increment(['a"b\\c\nd', 'OK']);
    const text = prometheusText(r.snapshot());
    expect(text).toContain('{model_name="a\\"b\\\\c\\nd",status="OK"} 1');
    const family = parsePrometheusTextFormat(text).find((f) => f.name === ':tensorflow:serving:request_count');
    expect(family?.metrics[0].labels?.model_name).toBe('a"b\\c\nd');
  });

  it('refuses a second metric with the same name, as TF aborts on it', () => {
    const r = new MetricRegistry();
    r.counter('/a', 'x');
    expect(() => r.counter('/a', 'y')).toThrow(/Cannot register 2 metrics with the same name/);
  });
});

describe('mergeSnapshots', () => {
  it('sums counters and histogram buckets cell by cell across workers', () => {
    const make = (n: number) => {
      const r = new MetricRegistry();
      r.counter('/c', 'm').increment(['a'], n);
      r.sampler('/h', [10, Number.MAX_VALUE], 'm').add([`w${n}`], 5);
      return r.snapshot();
    };
    const merged = mergeSnapshots([make(1), make(2)]);
    expect(merged.map((m) => m.name)).toEqual(['/c', '/h']);
    expect(merged[0].cells).toEqual([{ labels: ['a'], value: 3, buckets: undefined, sum: undefined }]);
    expect(merged[1].cells.map((c) => [c.labels[0], c.buckets])).toEqual([['w1', [1, 0]], ['w2', [1, 0]]]);
    const again = mergeSnapshots([merged, make(1)]);
    expect(again[0].cells[0].value).toBe(4);
    expect(again[1].cells.find((c) => c.labels[0] === 'w1')?.buckets).toEqual([2, 0]);
  });
});
