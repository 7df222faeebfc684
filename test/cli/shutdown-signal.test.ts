// The first SIGTERM/SIGINT asks for a graceful stop; a second one exits at once.
import { describe, expect, it } from 'vitest';
import { onShutdownSignal } from '../../lib/cli/shutdown-signal.ts';

describe('onShutdownSignal', () => {
  it('resolves on the first signal and exits on the second', async () => {
    const before = process.listenerCount('SIGTERM');
    const exits: number[] = [];
    const lines: string[] = [];
    const s = onShutdownSignal((l) => lines.push(l), (code) => exits.push(code));
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(await s.received).toBe('SIGTERM');
      expect(exits).toEqual([]);
      process.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([1]);
      expect(lines).toEqual(['SIGINT again: exiting now without waiting for in-flight requests']);
    } finally {
      s.dispose();
    }
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('in a server worker, also stops on the primary\'s message and ignores repeats', async () => {
    const exits: number[] = [];
    let fromPrimary!: (name: string) => void;
    const s = onShutdownSignal(() => undefined, (code) => exits.push(code), { also: new Promise((r) => (fromPrimary = r)), repeat: 'ignore' });
    try {
      fromPrimary('SIGTERM');
      expect(await s.received).toBe('SIGTERM');
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGTERM', 'SIGTERM');
      expect(exits).toEqual([]);
    } finally {
      s.dispose();
    }
  });

  it('takes a repeat within sameWithinMs as the same signal (one kill to the process and its group)', async () => {
    const exits: number[] = [];
    const s = onShutdownSignal(() => undefined, (code) => exits.push(code), { sameWithinMs: 60_000 });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGTERM', 'SIGTERM');
      expect(await s.received).toBe('SIGTERM');
      expect(exits).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
