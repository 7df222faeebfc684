// Which loads and unloads bring a model to its aspired versions: TF Serving's AvailabilityPreservingPolicy
// (core/availability_preserving_policy.cc), all steps at once instead of one per call. Pure: no I/O, no clock.
// - Load every aspired version that is not loaded, loading or failed-with-the-same-files, newest first.
// - Unload a version nobody aspires to any more only when an aspired version is serving, or when nothing is
//   aspired at all; otherwise keep the newest such version serving (a failed or slow new version never
//   leaves the model without a version).

export type SnapshotState = 'new' | 'loading' | 'available' | 'failed' | 'unloading' | 'end';

export interface VersionSnapshot {
  version: bigint;
  aspired: boolean;
  state: SnapshotState;
}

export interface Transitions {
  load: bigint[];
  unload: bigint[];
}

const descending = (a: bigint, b: bigint): number => (a > b ? -1 : a < b ? 1 : 0);

export function nextTransitions(snapshots: readonly VersionSnapshot[]): Transitions {
  const load = snapshots.filter((s) => s.aspired && s.state === 'new').map((s) => s.version).sort(descending);
  const aspired = snapshots.filter((s) => s.aspired);
  const aspiredServing = aspired.some((s) => s.state === 'available');
  const unaspiredServing = snapshots.filter((s) => !s.aspired && s.state === 'available').map((s) => s.version).sort(descending);
  const keep = aspired.length === 0 || aspiredServing ? 0 : 1;
  return { load, unload: unaspiredServing.slice(keep) };
}
