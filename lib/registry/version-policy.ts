// TF Serving's ServableVersionPolicy (file_system_storage_path_source.proto): which of a model's versions
// are served. Latest{N} = the N numerically greatest (0 behaves as 1), All = every version,
// Specific = exactly the listed ones that exist.
import { ServingError } from '../errors/index.ts';
import { toBigInt, type Int64Like } from '../tensor/index.ts';
import { checkVersion } from './names.ts';

export type VersionPolicy =
  | { kind: 'latest'; numVersions: number }
  | { kind: 'all' }
  | { kind: 'specific'; versions: bigint[] };

export const DEFAULT_POLICY: VersionPolicy = { kind: 'latest', numVersions: 1 };

/** The versions to serve among `available` (any order), newest first. */
export function selectVersions(policy: VersionPolicy, available: readonly bigint[]): bigint[] {
  const sorted = [...new Set(available)].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  switch (policy.kind) {
    case 'latest':
      return sorted.slice(0, Math.max(1, policy.numVersions));
    case 'all':
      return sorted;
    case 'specific': {
      const wanted = new Set(policy.versions);
      return sorted.filter((v) => wanted.has(v));
    }
  }
}

/** The ServableVersionPolicy message (decoded by protobufjs, or undefined) as a VersionPolicy. */
export function policyFromProto(msg: PolicyMessage | undefined | null): VersionPolicy {
  if (!msg) return DEFAULT_POLICY;
  if (msg.specific) {
    const versions = (msg.specific.versions ?? []).map((v) => checkVersion(toBigInt(v)));
    if (versions.length === 0) throw new ServingError('INVALID_ARGUMENT', 'model_version_policy specific lists no versions');
    return { kind: 'specific', versions };
  }
  if (msg.all) return { kind: 'all' };
  if (msg.latest) return { kind: 'latest', numVersions: Math.max(1, msg.latest.num_versions ?? 1) };
  return DEFAULT_POLICY;
}

export interface PolicyMessage {
  latest?: { num_versions?: number } | null;
  all?: object | null;
  specific?: { versions?: Int64Like[] } | null;
}

/** The policy in TF Serving's text form, e.g. `latest { num_versions: 2 }`, for logs and the manifest. */
export function describePolicy(policy: VersionPolicy): string {
  switch (policy.kind) {
    case 'latest': return `latest { num_versions: ${policy.numVersions} }`;
    case 'all': return 'all {}';
    case 'specific': return `specific { ${policy.versions.map((v) => `versions: ${v}`).join(' ')} }`;
  }
}
