// `tf-serverless label`: point a version label (stable, canary, …) of a model at an AVAILABLE version.
import { parseArgs } from 'node:util';
import { ServingError } from '../errors/index.ts';
import { describePolicy, readManifest, selectVersions, type ModelStore } from '../registry/index.ts';
import { setLabel } from '../rollout/index.ts';
import { withStore } from './registry-store.ts';

export const LABEL_USAGE = `Usage: tf-serverless label NAME LABEL VERSION --registry s3://bucket/prefix|DIR

  Points LABEL of model NAME at VERSION in the model's manifest; VERSION must be AVAILABLE (published by rollout).
  Servers load only the versions the manifest's policy selects (default: the latest one; set "policy" in
  NAME/rollout.json, README "Rollout policy"): a label on another version is refused by servers, so this warns.`;

/** Runs the command; returns the text to print. A label outside the served policy is warned about on stderr. Throws ServingError for user errors. */
export async function label(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args: argv, options: { registry: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 3 || !values.registry) throw new ServingError('INVALID_ARGUMENT', `label takes NAME LABEL VERSION and --registry\n\n${LABEL_USAGE}`);
  const [name, labelName, version] = positionals;
  const registry = values.registry;
  const { change, warning } = await withStore(registry, async (store) => {
    await requireModel(store, name, registry);
    const change = await setLabel(store, name, labelName, version);
    return { change, warning: await outsidePolicy(store, name, change.version) };
  });
  if (warning) process.stderr.write(`tf-serverless label: warning: ${warning}\n`);
  const was = change.previous === undefined ? 'new label' : change.previous === change.version ? 'unchanged' : `was ${change.previous}`;
  return `${change.model}: label ${change.label} -> version ${change.version} (${was})`;
}

async function requireModel(store: ModelStore, name: string, registry: string): Promise<void> {
  if (await readManifest(store, name)) return;
  throw new ServingError('NOT_FOUND',
    `model ${name} not found in ${registry} (it has no manifest): check the name, or push and publish a version first: tf-serverless push DIR ${registry.replace(/\/+$/, '')}/${name}/1 --publish`);
}

/** Why servers will not serve `version` under the manifest's policy, or undefined when they do. */
async function outsidePolicy(store: ModelStore, name: string, version: bigint): Promise<string | undefined> {
  const m = await readManifest(store, name);
  if (!m) return undefined;
  const available = [...m.versions].filter(([, e]) => e.state === 'AVAILABLE').map(([v]) => v);
  const served = selectVersions(m.policy, available);
  if (served.includes(version)) return undefined;
  return `version ${version} is not served: the policy ${describePolicy(m.policy)} loads version(s) ${served.join(', ') || 'none'}, `
    + `so requests for this label fail until the policy includes it (set "policy" in ${name}/rollout.json, e.g. {"policy": {"kind": "all"}}, then publish).`;
}
