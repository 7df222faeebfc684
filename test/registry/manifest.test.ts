// The manifest document: parse ⇄ serialize, and corrupt documents refused as DATA_LOSS (pure, no I/O).
import { describe, expect, it } from 'vitest';
import { emptyManifest, parseManifest, serializeManifest, type Manifest } from '../../lib/registry/index.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

const SHA = 'a'.repeat(64);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function sample(): Manifest {
  const m = emptyManifest('digits');
  m.generation = 7;
  m.policy = { kind: 'specific', versions: [3n, 9223372036854775807n] };
  m.labels.set('stable', 3n).set('canary', 9223372036854775807n);
  m.versions.set(9223372036854775807n, {
    dirName: '9223372036854775807', state: 'FAILED', error: 'op Foo is not supported', files: [], publishedAt: '2025-01-02T03:04:05.000Z',
  });
  m.versions.set(3n, {
    dirName: '00000003', state: 'AVAILABLE', publishedAt: '2025-01-01T00:00:00Z', validatedBy: 'rollout/req-1',
    files: [{ path: 'variables/variables.index', size: 10, sha256: SHA }, { path: 'saved_model.pb', size: 1234, sha256: SHA }],
  });
  return m;
}

/** A valid document with `patch` applied to its JSON value. */
function docWith(patch: (j: Record<string, any>) => void): Uint8Array {
  const json = JSON.parse(new TextDecoder().decode(serializeManifest(sample())));
  patch(json);
  return enc(JSON.stringify(json));
}

describe('manifest', () => {
  it('round-trips through its JSON form, int64 versions included', () => {
    const m = sample();
    const back = parseManifest(serializeManifest(m), 'digits');
    expect(back.labels).toEqual(m.labels);
    expect(back.policy).toEqual(m.policy);
    expect(back.versions.get(9223372036854775807n)).toEqual(m.versions.get(9223372036854775807n));
    expect(back.versions.get(3n)?.files.map((f) => f.path)).toEqual(['saved_model.pb', 'variables/variables.index']);
    expect(serializeManifest(back)).toEqual(serializeManifest(m));
  });

  it('writes canonical JSON: versions and labels as decimal strings, versions ascending, files by path', () => {
    const json = JSON.parse(new TextDecoder().decode(serializeManifest(sample())));
    expect(Object.keys(json)).toEqual(['format', 'model', 'generation', 'policy', 'labels', 'versions']);
    expect(json.labels).toEqual({ canary: '9223372036854775807', stable: '3' });
    expect(Object.keys(json.versions)).toEqual(['3', '9223372036854775807']);
    expect(json.policy).toEqual({ kind: 'specific', versions: ['3', '9223372036854775807'] });
    expect(json.versions['3'].files[0].path).toBe('saved_model.pb');
  });

  it('round-trips a heavy version\'s target and reason, and refuses an unknown target', () => {
    const m = sample();
    Object.assign(m.versions.get(3n)!, { target: 'heavy', heavyReason: "the portable engine refuses it: op 'Lgamma'" });
    const back = parseManifest(serializeManifest(m), 'digits');
    expect(back.versions.get(3n)).toMatchObject({ target: 'heavy', heavyReason: "the portable engine refuses it: op 'Lgamma'" });
    expect(parseManifest(serializeManifest(sample()), 'digits').versions.get(3n)?.target).toBeUndefined();
    const bad = docWith((j) => { j.versions['3'].target = 'gpu'; });
    expect(servingErrorOf(() => parseManifest(bad, 'digits')).message).toMatch(/versions\["3"\]\.target must be "heavy" when present/);
  });

  it('writes the empty manifest of a new model', () => {
    expect(new TextDecoder().decode(serializeManifest(emptyManifest('m')))).toBe(
      '{\n  "format": 1,\n  "model": "m",\n  "generation": 0,\n  "policy": {\n    "kind": "latest",\n    "numVersions": 1\n  },\n  "labels": {},\n  "versions": {}\n}\n');
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['truncated JSON', enc('{"format": 1, "mod'), /not valid UTF-8 JSON/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8 JSON/],
    ['an array', enc('[]'), /the document must be a JSON object/],
    ['another model', docWith((j) => { j.model = 'other'; }), /"model" must be "digits"/],
    ['a missing format', docWith((j) => { delete j.format; }), /"format" must be 1/],
    ['a negative generation', docWith((j) => { j.generation = -1; }), /"generation"/],
    ['an unknown field', docWith((j) => { j.lables = {}; }), /unknown field "lables"/],
    ['a version key with leading zeros', docWith((j) => { j.versions['03'] = j.versions['3']; delete j.versions['3']; }), /versions\["03"\] key/],
    ['a version beyond int64', docWith((j) => { j.labels.stable = '9223372036854775808'; }), /labels\["stable"\]/],
    ['a dirName of another version', docWith((j) => { j.versions['3'].dirName = '4'; }), /dirName must be a directory name for version 3/],
    ['an unknown state', docWith((j) => { j.versions['3'].state = 'LOADING'; }), /state/],
    ['a short sha256', docWith((j) => { j.versions['3'].files[0].sha256 = 'abc'; }), /files\[0\]\.sha256/],
    ['a file path escaping the version', docWith((j) => { j.versions['3'].files[0].path = '../x'; }), /files\[0\]\.path/],
    ['a duplicated file', docWith((j) => { j.versions['3'].files[1] = j.versions['3'].files[0]; }), /lists a path twice/],
    ['a bad publishedAt', docWith((j) => { j.versions['3'].publishedAt = 'yesterday'; }), /publishedAt/],
    ['an unknown policy', docWith((j) => { j.policy = { kind: 'newest' }; }), /policy.kind/],
    ['latest 0', docWith((j) => { j.policy = { kind: 'latest', numVersions: 0 }; }), /policy.numVersions/],
    ['a numeric label version', docWith((j) => { j.labels.stable = 3; }), /labels\["stable"\]/],
    ['an invalid label', docWith((j) => { j.labels['12'] = '3'; }), /labels\["12"\] is not a valid label/],
  ])('refuses %s as DATA_LOSS naming the problem', (_scenario, bytes, message) => {
    const e = servingErrorOf(() => parseManifest(bytes, 'digits'));
    expect(e.code).toBe('DATA_LOSS');
    expect(e.message).toMatch(/^Corrupt manifest for model digits: /);
    expect(e.message).toMatch(message);
  });

  it('refuses a newer format with FAILED_PRECONDITION instead of misreading it', () => {
    const e = servingErrorOf(() => parseManifest(docWith((j) => { j.format = 2; }), 'digits'));
    expect([e.code, e.message]).toEqual(['FAILED_PRECONDITION', expect.stringContaining('format 2')]);
  });

  it('refuses to serialize a manifest it could not read back', () => {
    const m = sample();
    m.versions.get(3n)!.files[0].sha256 = 'not-hex';
    expect(servingErrorOf(() => serializeManifest(m))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid manifest for model digits: .*sha256/) });
  });
});
