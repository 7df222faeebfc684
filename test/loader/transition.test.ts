// The availability-preserving transitions as a table of states, one scenario per row.
import { describe, expect, it } from 'vitest';
import { nextTransitions, type SnapshotState, type VersionSnapshot } from '../../lib/loader/index.ts';

const s = (version: number, aspired: boolean, state: SnapshotState): VersionSnapshot => ({ version: BigInt(version), aspired, state });

describe('nextTransitions', () => {
  it.each([
    ['first start: load the aspired version', [s(1, true, 'new')], { load: [1n], unload: [] }],
    ['latest 2 on first start: load both, newest first', [s(1, true, 'new'), s(2, true, 'new')], { load: [2n, 1n], unload: [] }],
    ['new version appears: load it, keep the old one serving meanwhile', [s(1, false, 'available'), s(2, true, 'new')], { load: [2n], unload: [] }],
    ['new version is serving: unload the old one', [s(1, false, 'available'), s(2, true, 'available')], { load: [], unload: [1n] }],
    ['new version failed: the old one keeps serving', [s(1, false, 'available'), s(2, true, 'failed')], { load: [], unload: [] }],
    ['new version still loading: the old one keeps serving', [s(1, false, 'available'), s(2, true, 'loading')], { load: [], unload: [] }],
    ['two old versions and nothing aspired serving: keep only the newest old one', [s(1, false, 'available'), s(2, false, 'available'), s(3, true, 'loading')], { load: [], unload: [1n] }],
    ['model removed (nothing aspired): unload everything', [s(1, false, 'available'), s(2, false, 'available')], { load: [], unload: [2n, 1n] }],
    ['failed version with the same files is not retried', [s(3, true, 'failed')], { load: [], unload: [] }],
    ['an unloaded version aspired again is loaded again', [s(1, true, 'new'), s(2, false, 'end')], { load: [1n], unload: [] }],
  ] as const)('%s', (_scenario, snapshots, want) => {
    expect(nextTransitions(snapshots)).toEqual(want);
  });
});
