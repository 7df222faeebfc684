// Batching over a fake row-wise servable: what is merged, padded, split, run alone, and refused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../../lib/inference/index.ts';
import type { HostTensor } from '../../../lib/engine/index.ts';
import { RowServable, rowTensor } from '../../helpers/row-servable.ts';

const x = (...rows: number[][]) => new Map([['x', rowTensor(...rows)]]);
const values = (t: HostTensor | undefined) => ({ shape: t?.shape, data: Array.from(t?.data as Float32Array) });
/** Lets the scheduler's setImmediate and the runs' promises go. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('merging along dimension 0', () => {
  it('merges the requests that queue while a batch runs, and gives each its own rows back', async () => {
    const fake = new RowServable();
    const batcher = new Batcher({ maxBatchSize: 8, numBatchThreads: 1 });
    const s = batcher.wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([1, 2]));
    await settle();
    const rest = [s.run('serving_default', x([3, 4])), s.run('serving_default', x([5, 6], [7, 8])), s.run('serving_default', x([9, 10]))];
    await settle();
    expect(fake.runs.map((r) => r.shape)).toEqual([[1, 2]]);
    fake.release();
    const answers = await Promise.all([first, ...rest]);
    expect(fake.runs.map((r) => r.shape)).toEqual([[1, 2], [4, 2]]);
    expect(Array.from(fake.runs[1].data as Float32Array)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(answers.map((a) => values(a.get('y')))).toEqual([
      { shape: [1, 2], data: [3, 5] }, { shape: [1, 2], data: [7, 9] }, { shape: [2, 2], data: [11, 13, 15, 17] }, { shape: [1, 2], data: [19, 21] },
    ]);
    expect(batcher.stats()).toEqual({ batches: 2, tasks: 4, paddingRows: 0, fallbacks: 0 });
  });

  it('never puts more than max_batch_size rows in one batch', async () => {
    const fake = new RowServable();
    const s = new Batcher({ maxBatchSize: 3, numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0, 0]));
    await settle();
    const rest = [x([1, 1], [1, 1]), x([2, 2]), x([3, 3], [3, 3]), x([4, 4])].map((inputs) => s.run('serving_default', inputs));
    fake.release();
    await Promise.all([first, ...rest]);
    expect(fake.runs.map((r) => r.shape[0])).toEqual([1, 3, 3]);
  });

  it('keeps separate queues per output filter, so each batch asks for one set of outputs', async () => {
    const fake = new RowServable();
    const s = new Batcher({ numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0, 0]));
    await settle();
    const ys = [s.run('serving_default', x([1, 1]), ['y']), s.run('serving_default', x([2, 2]), ['y'])];
    const all = s.run('serving_default', x([3, 3]));
    fake.release();
    await Promise.all([first, ...ys, all]);
    expect(fake.runs.map((r) => r.shape[0]).sort()).toEqual([1, 1, 2]);
    expect([...(await ys[1]).keys()]).toEqual(['y']);
  });
});

describe('padding', () => {
  it('pads a batch to the next allowed_batch_sizes entry with the first row of the last request, then drops it', async () => {
    const fake = new RowServable();
    const batcher = new Batcher({ maxBatchSize: 8, allowedBatchSizes: [2, 4, 8], numBatchThreads: 1 });
    const s = batcher.wrap(fake);
    const one = await s.run('serving_default', x([5, 6]));
    expect(values(fake.runs[0])).toEqual({ shape: [2, 2], data: [5, 6, 5, 6] });
    expect(values(one.get('y'))).toEqual({ shape: [1, 2], data: [11, 13] });
    fake.hold();
    const first = s.run('serving_default', x([0, 0]));
    await settle();
    const rest = [s.run('serving_default', x([1, 2])), s.run('serving_default', x([3, 4], [5, 6]))];
    fake.release();
    const [, a, b] = await Promise.all([first, ...rest]);
    expect(values(fake.runs[2])).toEqual({ shape: [4, 2], data: [1, 2, 3, 4, 5, 6, 3, 4] });
    expect(values(a.get('y'))).toEqual({ shape: [1, 2], data: [3, 5] });
    expect(values(b.get('y'))).toEqual({ shape: [2, 2], data: [7, 9, 11, 13] });
    expect(batcher.stats().paddingRows).toBe(1 + 1 + 1);
  });

  it('pads variable-length dims with the tensor\'s first element when pad_variable_length_inputs is set (outputs stay padded, as in TF)', async () => {
    const fake = new RowServable([-1, -1]);
    const s = new Batcher({ padVariableLengthInputs: true, numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0]));
    await settle();
    const long = s.run('serving_default', x([1, 2, 3]));
    const short = s.run('serving_default', x([4, 5]));
    fake.release();
    await Promise.all([first, long, short]);
    expect(values(fake.runs[1])).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 4] });
    expect(values((await short).get('y'))).toEqual({ shape: [1, 3], data: [9, 11, 9] });
    expect(values((await long).get('y'))).toEqual({ shape: [1, 3], data: [3, 5, 7] });
  });

  it('keeps requests with other non-batch dims in another batch when padding is off', async () => {
    const fake = new RowServable([-1, -1]);
    const s = new Batcher({ numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0]));
    await settle();
    const answers = [x([1, 2, 3]), x([4, 5]), x([6, 7, 8])].map((inputs) => s.run('serving_default', inputs));
    fake.release();
    await Promise.all([first, ...answers]);
    expect(fake.runs.map((r) => r.shape).sort()).toEqual([[1, 1], [1, 2], [2, 3]]);
    expect(values((await answers[1]).get('y'))).toEqual({ shape: [1, 2], data: [9, 11] });
  });
});

describe('requests that cannot join a batch', () => {
  it('runs a request that does not fit the signature alone, at once, with its unbatched answer', async () => {
    const fake = new RowServable();
    const s = new Batcher({ numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0, 0]));
    await settle();
    const wide = s.run('serving_default', x([1, 2, 3]));
    const scalar = s.run('serving_default', new Map([['x', { dtype: 'DT_FLOAT', shape: [], data: Float32Array.of(1) } as HostTensor]]));
    const ints = s.run('serving_default', new Map([['x', { dtype: 'DT_INT32', shape: [1, 2], data: Int32Array.of(1, 2) } as HostTensor]]));
    expect(fake.runs.map((r) => r.shape)).toEqual([[1, 2], [1, 3], [], [1, 2]]);
    fake.release();
    await Promise.all([first, wide, scalar, ints]);
    expect(values((await wide).get('y'))).toEqual({ shape: [1, 3], data: [3, 5, 7] });
  });

  it('fails only the request whose input makes the batch fail: the batch is re-run request by request', async () => {
    const fake = new RowServable();
    const batcher = new Batcher({ numBatchThreads: 1 });
    const s = batcher.wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0, 0]));
    await settle();
    const good = s.run('serving_default', x([1, 2]));
    const bad = s.run('serving_default', x([Number.NaN, 2]));
    const good2 = s.run('serving_default', x([3, 4]));
    fake.release();
    await first;
    await expect(bad).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'NaN in x' });
    expect(values((await good).get('y'))).toEqual({ shape: [1, 2], data: [3, 5] });
    expect(values((await good2).get('y'))).toEqual({ shape: [1, 2], data: [7, 9] });
    expect(batcher.stats().fallbacks).toBe(3);
  });

  it('re-runs requests alone when an output has no batch dimension', async () => {
    const fake = new RowServable();
    const batcher = new Batcher({ numBatchThreads: 1 });
    const s = batcher.wrap(fake);
    fake.hold();
    const first = s.run('serving_default', x([0, 0]), ['total']);
    await settle();
    const a = s.run('serving_default', x([1, 2]), ['total']);
    const b = s.run('serving_default', x([3, 4], [5, 6]), ['total']);
    fake.release();
    await first;
    expect(values((await a).get('total'))).toEqual({ shape: [], data: [3] });
    expect(values((await b).get('total'))).toEqual({ shape: [], data: [18] });
    expect(batcher.stats().fallbacks).toBe(2);
  });
});

describe('limits', () => {
  it('refuses a request larger than max_batch_size with TF Serving\'s INVALID_ARGUMENT', async () => {
    const s = new Batcher({ maxBatchSize: 2 }).wrap(new RowServable());
    await expect(s.run('serving_default', x([1, 1], [2, 2], [3, 3]))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', message: 'Task size 3 is larger than maximum input batch size 2',
    });
  });

  it('answers UNAVAILABLE when the queue holds max_enqueued_batches batches', async () => {
    const fake = new RowServable();
    const s = new Batcher({ maxBatchSize: 2, maxEnqueuedBatches: 2, numBatchThreads: 1 }).wrap(fake);
    fake.hold();
    const running = s.run('serving_default', x([0, 0]));
    await settle();
    const queued = [x([1, 1], [1, 1]), x([2, 2], [2, 2])].map((inputs) => s.run('serving_default', inputs));
    await expect(s.run('serving_default', x([3, 3]))).rejects.toMatchObject({
      code: 'UNAVAILABLE', message: 'The batch scheduling queue to which this task was submitted is full; currently 2 batches enqueued and max_enqueued_batches is 2',
    });
    fake.release();
    await Promise.all([running, ...queued]);
    expect(fake.runs.map((r) => r.shape[0])).toEqual([1, 2, 2]);
  });

  it('runs a partial batch once its first request has waited batch_timeout_micros', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fake = new RowServable();
    const s = new Batcher({ maxBatchSize: 8, batchTimeoutMicros: 50_000, numBatchThreads: 1 }).wrap(fake);
    const a = s.run('serving_default', x([1, 1]));
    const b = s.run('serving_default', x([2, 2]));
    await settle();
    vi.advanceTimersByTime(49);
    await settle();
    expect(fake.runs).toHaveLength(0);
    vi.advanceTimersByTime(1);
    await settle();
    await Promise.all([a, b]);
    expect(fake.runs.map((r) => r.shape[0])).toEqual([2]);
  });

  it('runs a partial batch that opened behind a full one once its own timeout has passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fake = new RowServable();
    const s = new Batcher({ maxBatchSize: 2, batchTimeoutMicros: 50_000, numBatchThreads: 1 }).wrap(fake);
    const full = [s.run('serving_default', x([1, 1])), s.run('serving_default', x([2, 2]))];
    const late = s.run('serving_default', x([3, 3]));
    await settle();
    await Promise.all(full);
    await settle(); // the scheduler looks once more after the run, before the timeout
    expect(fake.runs.map((r) => r.shape[0])).toEqual([2]);
    vi.advanceTimersByTime(50);
    await settle();
    await late;
    expect(fake.runs.map((r) => r.shape[0])).toEqual([2, 1]);
  });

  it('runs up to num_batch_threads batches at once', async () => {
    const fake = new RowServable();
    const s = new Batcher({ maxBatchSize: 1, numBatchThreads: 2 }).wrap(fake);
    fake.hold();
    const answers = [x([1, 1]), x([2, 2]), x([3, 3])].map((inputs) => s.run('serving_default', inputs));
    await settle();
    expect(fake.runs).toHaveLength(2);
    fake.release();
    await Promise.all(answers);
    expect(fake.runs).toHaveLength(3);
  });
});
