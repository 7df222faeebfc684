// Time slices: a long loop gives the event loop turns; copySliced copies big buffers the same way.
import { describe, expect, it } from 'vitest';
import { copySliced, runSteps, runStepsSliced, type Steps, TimeSlice } from '../../lib/io/index.ts';

function* countTo(n: number): Steps<number> {
  let i = 0;
  for (; i < n; i++) yield;
  return i;
}

describe('runSteps / runStepsSliced', () => {
  it('run the same steps to the same result, at once or with pauses', async () => {
    expect(runSteps(countTo(1000))).toBe(1000);
    expect(await runStepsSliced(countTo(1000), new TimeSlice(0))).toBe(1000);
  });

  it('lets a timer run between slices', async () => {
    let fired = false;
    setImmediate(() => (fired = true));
    await runStepsSliced(countTo(10), new TimeSlice(0));
    expect(fired).toBe(true);
  });
});

describe('copySliced', () => {
  it('copies every byte into a buffer of its own, pausing between 1 MiB chunks', async () => {
    const src = new Uint8Array((3 << 20) + 5).map((_, i) => i * 7);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const copy = await copySliced(src.subarray(0), new TimeSlice(0));
    clearInterval(ticker);
    expect(Buffer.compare(copy, src)).toBe(0); // toEqual walks 3M elements one by one: minutes
    expect(copy.buffer).not.toBe(src.buffer);
    expect(copy.byteOffset === 0 && copy.byteLength === copy.buffer.byteLength).toBe(true);
    expect(turns).toBeGreaterThan(0);
  });

  it('copies an empty buffer', async () => {
    expect((await copySliced(new Uint8Array(0))).byteLength).toBe(0);
  });
});
