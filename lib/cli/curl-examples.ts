// Ready-to-paste curl lines for what a server is serving (printed by `serve --print_examples`, i.e. npm start):
// status and metadata for every model, and a predict whose body is built from serving_default's inputs.
import { DEFAULT_SIGNATURE } from '../inference/index.ts';
import type { ServableHandle } from '../loader/index.ts';
import type { TensorSpec } from '../savedmodel/index.ts';

const PREDICT = DEFAULT_SIGNATURE;

/** One example value for a row of `spec` (the batch dimension dropped), e.g. [1.0, 1.0] for float [-1, 2]. */
function exampleRow(spec: TensorSpec): string {
  const scalar = spec.dtype === 'DT_STRING' ? '"a"' : spec.dtype === 'DT_BOOL' ? 'true' : /INT/.test(spec.dtype) ? '1' : '1.0';
  const dims = (spec.shape ?? [-1]).slice(1).map((d) => (d < 0 ? 1 : d));
  let v = scalar;
  for (let i = dims.length - 1; i >= 0; i--) v = `[${Array(dims[i]).fill(v).join(', ')}]`;
  return v;
}

export function curlExamples(baseUrl: string, handle: ServableHandle): string[] {
  const url = `${baseUrl}/v1/models/${encodeURIComponent(handle.name)}`;
  const lines = [`curl ${url}`, `curl ${url}/metadata`];
  const sig = handle.servable.signatures().find((s) => s.key === PREDICT);
  if (sig && Object.keys(sig.inputs).length > 0) {
    const inputs = Object.entries(sig.inputs);
    const row = inputs.length === 1 ? exampleRow(inputs[0][1]) : `{${inputs.map(([k, s]) => `"${k}": ${exampleRow(s)}`).join(', ')}}`;
    const body = `{"instances": [${row}]}`;
    // Keep the line pasteable: very wide rows (e.g. 64 pixels) are still fine for a shell.
    lines.push(`curl -d '${body}' -X POST ${url}:predict`);
  }
  return lines;
}
