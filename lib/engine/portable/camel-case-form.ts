// protobufjs object form with TensorFlow.js's field names. Our schemas load with keepCase (snake_case), but
// tfjs-converter reads library functions the way the JSON model format writes them, in protobuf's JSON
// (lowerCamelCase) names: `functionDef.nodeDef`, `signature.inputArg` / `outputArg`, `shape.unknownRank`.
// Keys of map fields (attr names, ret / control_ret output names) are data and stay as they are.

const MAP_FIELDS = new Set(['attr', 'ret', 'control_ret', 'arg_attr', 'resource_arg_unique_id']);

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Renames every message field to lowerCamelCase, recursively; map keys are kept. */
export function camelCaseForm(value: unknown, isMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => camelCaseForm(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[isMap ? k : camel(k)] = camelCaseForm(v, !isMap && MAP_FIELDS.has(k));
  return out;
}
