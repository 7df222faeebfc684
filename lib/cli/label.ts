// `tf-serverless label`: point a version label (stable, canary, …) of a model at an AVAILABLE version.
import { parseArgs } from 'node:util';
import { ServingError } from '../errors/index.ts';
import { setLabel } from '../rollout/index.ts';
import { withStore } from './registry-store.ts';

export const LABEL_USAGE = `Usage: tf-serverless label NAME LABEL VERSION --registry s3://bucket/prefix|DIR

  Points LABEL of model NAME at VERSION in the model's manifest; VERSION must be AVAILABLE (published by rollout).`;

/** Runs the command; returns the text to print. Throws ServingError for user errors. */
export async function label(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args: argv, options: { registry: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 3 || !values.registry) throw new ServingError('INVALID_ARGUMENT', `label takes NAME LABEL VERSION and --registry\n\n${LABEL_USAGE}`);
  const [name, labelName, version] = positionals;
  const change = await withStore(values.registry, (store) => setLabel(store, name, labelName, version));
  const was = change.previous === undefined ? 'new label' : change.previous === change.version ? 'unchanged' : `was ${change.previous}`;
  return `${change.model}: label ${change.label} -> version ${change.version} (${was})`;
}
