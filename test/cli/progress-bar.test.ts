// The push progress bar: plain lines per file off a terminal, one redrawn line (throttled) on one.
import { describe, expect, it } from 'vitest';
import { formatBytes, ProgressBar } from '../../lib/cli/progress-bar.ts';

function fakeStream(isTTY: boolean): { out: string[]; isTTY: boolean; columns: number; write: (t: string) => void } {
  const out: string[] = [];
  return { out, isTTY, columns: 80, write: (t: string) => void out.push(t) };
}

describe('ProgressBar', () => {
  it('writes one plain line per finished file when stderr is not a terminal', () => {
    const stream = fakeStream(false);
    const bar = new ProgressBar('push', 3072, 2, { stream });
    bar.advance(1024);
    bar.fileDone('a');
    bar.advance(2048);
    bar.fileDone('b');
    bar.finish();
    expect(stream.out).toEqual(['push: 1.0 KiB / 3.0 KiB (33%), 1/2 files  a\n', 'push: 3.0 KiB / 3.0 KiB (100%), 2/2 files  b\n']);
  });

  it('redraws one line on a terminal at most every intervalMs, and ends it with a newline', () => {
    const stream = fakeStream(true);
    let now = 0;
    const bar = new ProgressBar('push', 100, 1, { stream, intervalMs: 100, now: () => now });
    bar.advance(10); // drawn (first)
    bar.advance(10); // too soon
    now = 150;
    bar.advance(30); // drawn
    bar.fileDone('a');
    bar.finish();
    expect(stream.out).toHaveLength(5);
    expect(stream.out[0]).toBe(`\rpush [##------------------] 10 B / 100 B (10%), 0/1 files\x1b[K`);
    expect(stream.out[1]).toContain('50 B / 100 B (50%)');
    expect(stream.out.at(-1)).toBe('\n');
  });

  it.each([[0, '0 B'], [1023, '1023 B'], [1536, '1.5 KiB'], [12 * 1024 * 1024, '12.0 MiB']])('formats %i bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
