// `tf-serverless rollback`: move a label back to the previous AVAILABLE version, or (a model without
// labels) withdraw the newest version so the version policy serves the one before (lib/rollout rollback.ts).
import { parseArgs } from 'node:util';
import { ServingError } from '../errors/index.ts';
import { rollback as rollbackModel } from '../rollout/index.ts';
import { withStore } from './registry-store.ts';

export const ROLLBACK_USAGE = `Usage: tf-serverless rollback NAME [--label L] --registry s3://bucket/prefix|DIR

  --label  the label to move to the highest AVAILABLE version below its current one (default: stable, if set);
           a model without that label has its newest AVAILABLE version withdrawn (recorded as FAILED).`;

/** Runs the command; returns the text to print. Throws ServingError for user errors. */
export async function rollback(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv, options: { registry: { type: 'string' }, label: { type: 'string' } }, allowPositionals: true, strict: true,
  });
  if (positionals.length !== 1 || !values.registry) throw new ServingError('INVALID_ARGUMENT', `rollback takes NAME and --registry\n\n${ROLLBACK_USAGE}`);
  const r = await withStore(values.registry, (store) => rollbackModel(store, positionals[0], values.label !== undefined ? { label: values.label } : {}));
  if (r.kind === 'label') return `${r.model}: label ${r.label} -> version ${r.to} (was ${r.from})`;
  const moved = r.movedLabels.length ? `; labels ${r.movedLabels.join(', ')} -> version ${r.to}` : '';
  return `${r.model}: version ${r.from} rolled back (recorded as FAILED); newest AVAILABLE version is now ${r.to}${moved}`;
}
