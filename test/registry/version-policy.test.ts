// selectVersions and the ServableVersionPolicy message: tables of states, one scenario each (STYLE.md §3).
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, describePolicy, policyFromProto, selectVersions, type PolicyMessage, type VersionPolicy } from '../../lib/registry/index.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

const BIG = 9223372036854775807n;

describe('selectVersions', () => {
  it.each<[string, VersionPolicy, bigint[], bigint[]]>([
    ['latest 1 serves the newest version', { kind: 'latest', numVersions: 1 }, [1n, 3n, 2n], [3n]],
    ['latest 2 serves the two newest, newest first', { kind: 'latest', numVersions: 2 }, [1n, 3n, 2n], [3n, 2n]],
    ['latest 0 behaves as latest 1, like TF Serving', { kind: 'latest', numVersions: 0 }, [1n, 2n], [2n]],
    ['latest N with fewer versions serves them all', { kind: 'latest', numVersions: 5 }, [2n, 1n], [2n, 1n]],
    ['latest of nothing is nothing', { kind: 'latest', numVersions: 1 }, [], []],
    ['versions compare numerically, not as text', { kind: 'latest', numVersions: 1 }, [9n, 10n], [10n]],
    ['int64 versions beyond 2^53 keep their order', { kind: 'latest', numVersions: 2 }, [BIG, BIG - 1n, 1n], [BIG, BIG - 1n]],
    ['all serves every version, newest first', { kind: 'all' }, [1n, 3n, 2n], [3n, 2n, 1n]],
    ['a version listed twice (3 and 003) is served once', { kind: 'all' }, [3n, 3n, 1n], [3n, 1n]],
    ['specific serves exactly the listed versions', { kind: 'specific', versions: [1n, 3n] }, [1n, 2n, 3n], [3n, 1n]],
    ['specific skips a listed version that does not exist', { kind: 'specific', versions: [1n, 4n] }, [1n, 2n, 3n], [1n]],
    ['specific with none of its versions present serves nothing', { kind: 'specific', versions: [7n] }, [1n, 2n], []],
  ])('%s', (_scenario, policy, available, expected) => {
    expect(selectVersions(policy, available)).toEqual(expected);
  });
});

describe('policyFromProto', () => {
  it.each<[string, PolicyMessage | null | undefined, VersionPolicy]>([
    ['no policy is TF Serving\'s default, latest 1', undefined, DEFAULT_POLICY],
    ['latest without num_versions is latest 1', { latest: {} }, { kind: 'latest', numVersions: 1 }],
    ['latest 3', { latest: { num_versions: 3 } }, { kind: 'latest', numVersions: 3 }],
    ['all', { all: {} }, { kind: 'all' }],
    ['specific versions given as decimal strings (int64)', { specific: { versions: ['1', '9223372036854775807'] } }, { kind: 'specific', versions: [1n, BIG] }],
  ])('reads %s', (_scenario, msg, expected) => {
    expect(policyFromProto(msg)).toEqual(expected);
  });

  it.each<[string, PolicyMessage]>([
    ['specific with no versions', { specific: { versions: [] } }],
    ['specific with a negative version', { specific: { versions: ['-1'] } }],
  ])('refuses %s', (_scenario, msg) => {
    expect(servingErrorOf(() => policyFromProto(msg)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('describePolicy', () => {
  it.each<[string, VersionPolicy]>([
    ['latest { num_versions: 2 }', { kind: 'latest', numVersions: 2 }],
    ['all {}', { kind: 'all' }],
    ['specific { versions: 1 versions: 3 }', { kind: 'specific', versions: [1n, 3n] }],
  ])('writes %s in TF Serving\'s text form', (text, policy) => {
    expect(describePolicy(policy)).toBe(text);
  });
});
