// The commit marker's format: what push writes, what rollout accepts, and what it refuses.
import { describe, expect, it } from 'vitest';
import { COMMIT_MARKER_PATH, parseCommitMarker, sameFiles, serializeCommitMarker } from '../../lib/rollout/index.ts';

const SHA = 'a'.repeat(64);
const enc = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('commit marker', () => {
  it('round-trips, files sorted by path', () => {
    const marker = { format: 1 as const, createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'me', files: [{ path: 'variables/variables.index', size: 2, sha256: SHA }, { path: 'saved_model.pb', size: 1, sha256: SHA }] };
    const parsed = parseCommitMarker(serializeCommitMarker(marker), 'm');
    expect(parsed.files.map((f) => f.path)).toEqual(['saved_model.pb', 'variables/variables.index']);
    expect(parsed).toMatchObject({ format: 1, createdAt: marker.createdAt, createdBy: 'me' });
  });

  it.each([
    ['text that is not JSON', '{', 'not UTF-8 JSON'],
    ['a newer format', { format: 2, files: [] }, '"format" must be 1, got 2'],
    ['an unknown field', { format: 1, files: [], extra: 1 }, 'unknown field "extra"'],
    ['a path with ".."', { format: 1, files: [{ path: '../x', size: 1, sha256: SHA }] }, 'files[0].path'],
    ['an upper-case sha256', { format: 1, files: [{ path: 'x', size: 1, sha256: SHA.toUpperCase() }] }, 'files[0].sha256 must be 64 lowercase hex digits'],
    ['a negative size', { format: 1, files: [{ path: 'x', size: -1, sha256: SHA }] }, 'files[0].size must be a non-negative integer'],
    ['a path listed twice', { format: 1, files: [{ path: 'x', size: 1, sha256: SHA }, { path: 'x', size: 1, sha256: SHA }] }, 'lists a path twice'],
    ['the marker itself', { format: 1, files: [{ path: COMMIT_MARKER_PATH, size: 1, sha256: SHA }] }, 'lists the marker itself'],
  ])('refuses %s with DATA_LOSS', (_scenario, value, problem) => {
    expect(() => parseCommitMarker(enc(value), 's3://b/m/1/.tf-serverless-commit.json')).toThrow(
      expect.objectContaining({ code: 'DATA_LOSS', message: expect.stringContaining(problem) }));
  });

  it('compares file lists by path, size and sha256, in any order', () => {
    const a = [{ path: 'x', size: 1, sha256: SHA }, { path: 'y', size: 2, sha256: SHA }];
    expect(sameFiles(a, [...a].reverse())).toBe(true);
    expect(sameFiles(a, [a[0], { ...a[1], sha256: 'b'.repeat(64) }])).toBe(false);
    expect(sameFiles(a, [a[0]])).toBe(false);
  });
});
