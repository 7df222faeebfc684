// `tf-serverless show --check`: the per-signature table of where a model runs, and what is missing where it does not.
import { checkModel } from '../engine/index.ts';
import type { SavedModel } from '../savedmodel/index.ts';

/**
 * Renders checkModel's verdicts: one row per signature, one column per engine/backend, then the reasons.
 * @example
 *   signature        portable/wasm  portable/cpu  native
 *   log_gamma        no             no            n/a
 *   serving_default  yes            yes           n/a
 */
export async function showCheck(model: SavedModel, tags?: string[]): Promise<string> {
  const checks = await checkModel(model, tags);
  if (checks.length === 0) return 'The MetaGraph has no signatures to check.';
  const targets = checks[0].verdicts.map((v) => v.target);
  const width = Math.max('signature'.length, ...checks.map((c) => c.key.length)) + 2;
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [pad('signature', width) + targets.map((t) => pad(t, t.length + 2)).join('').trimEnd()];
  for (const c of checks) lines.push(pad(c.key, width) + c.verdicts.map((v, i) => pad(v.runs, targets[i].length + 2)).join('').trimEnd());
  const notes: string[] = [];
  for (const c of checks) {
    for (const v of c.verdicts) {
      if (v.runs === 'yes' || (v.runs === 'n/a' && c !== checks[0])) continue;
      notes.push(`${v.runs === 'n/a' ? v.target : `${c.key} on ${v.target}`}:`, ...v.reasons.map((r) => `  ${r}`));
    }
  }
  const runnable = checks.filter((c) => c.verdicts[0].runs === 'yes').length;
  lines.push('', `${runnable} of ${checks.length} signatures run on the default engine (portable/wasm).`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
