// `tf-serverless show`: inspect a SavedModel like `saved_model_cli show`, or print TF Serving's metadata JSON.
import { parseArgs } from 'node:util';
import { basename, dirname } from 'node:path';
import { ServingError } from '../errors/index.ts';
import { showCheck } from './show-check.ts';
import { formatTagSet, type MetaGraph, renderModelMetadata, SavedModel, type SignatureInfo, type TensorSpec } from '../savedmodel/index.ts';

export const SHOW_USAGE = `Usage: tf-serverless show --dir VERSION_DIR [--tag_set serve[,gpu]] [--signature_def KEY] [--all] [--json] [--check]

  --dir            a SavedModel version directory (holding saved_model.pb or .pbtxt)
  --tag_set        the MetaGraph to show, by its comma-separated tag set
  --signature_def  with --tag_set: print one signature's inputs and outputs
  --all            print every MetaGraph's signatures with dtypes and shapes, and the ops it uses
  --json           print TF Serving's GET /v1/models/<name>/versions/<v>/metadata body
                   (--model_name sets the name; default: the model directory's name)
  --check          will it serve? per signature, whether it runs on each engine/backend (portable wasm,
                   portable cpu, native when installed) and the missing ops (op and node)`;

function shapeText(shape: number[] | null): string {
  if (shape === null) return 'unknown_rank';
  return shape.length === 1 ? `(${shape[0]})` : `(${shape.join(', ')})`;
}

function tensorLines(kind: 'inputs' | 'outputs', tensors: Record<string, TensorSpec>, indent: string): string[] {
  const lines: string[] = [];
  for (const [alias, t] of Object.entries(tensors)) {
    lines.push(`${indent}${kind}['${alias}'] tensor_info:`);
    lines.push(`${indent}    dtype: ${t.dtype}`, `${indent}    shape: ${shapeText(t.shape)}`, `${indent}    name: ${t.name}`);
  }
  return lines;
}

function signatureLines(sig: SignatureInfo, indent = ''): string[] {
  return [
    `${indent}The given SavedModel SignatureDef contains the following input(s):`,
    ...tensorLines('inputs', sig.inputs, `${indent}  `),
    `${indent}The given SavedModel SignatureDef contains the following output(s):`,
    ...tensorLines('outputs', sig.outputs, `${indent}  `),
    `${indent}Method name is: ${sig.methodName}`,
  ];
}

/**
 * saved_model_cli's op line: print('The MetaGraph with tag set %s contains the following ops:' % tags, set)
 * (tensorflow/python/tools/saved_model_cli.py), i.e. Python reprs of the tag list and the op set. Python's set
 * order is arbitrary; here the ops are sorted so the line is stable.
 */
function opsLine(meta: MetaGraph): string {
  const ops = meta.opsUsed();
  const tags = `[${meta.tags.map((t) => `'${t}'`).join(', ')}]`;
  return `The MetaGraph with tag set ${tags} contains the following ops: ${ops.length ? `{${ops.map((o) => `'${o}'`).join(', ')}}` : 'set()'}`;
}

/** Version number from a directory name like "00000123"; 0 when it is not numeric. */
function versionOf(dir: string): string {
  const b = basename(dir.replace(/\/+$/, ''));
  return /^\d+$/.test(b) ? BigInt(b).toString() : '0';
}

/** Runs the command; returns the text to print. Throws ServingError for user errors. */
export async function show(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      tag_set: { type: 'string' },
      signature_def: { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      model_name: { type: 'string' },
    },
    strict: true,
  });
  if (!values.dir) throw new ServingError('INVALID_ARGUMENT', `--dir is required\n\n${SHOW_USAGE}`);
  const model = await SavedModel.fromDir(values.dir);
  const tags = values.tag_set ? values.tag_set.split(',').filter(Boolean) : undefined;

  if (values.check) return showCheck(model, tags);
  if (values.json) {
    const name = values.model_name ?? basename(dirname(values.dir.replace(/\/+$/, '')));
    return JSON.stringify(renderModelMetadata(name, versionOf(values.dir), model.metaGraph(tags)), null, 2);
  }
  if (values.all) {
    const out: string[] = [];
    for (const t of model.tagSets()) {
      out.push(`MetaGraphDef with tag-set: '${formatTagSet(t)}' contains the following SignatureDefs:`, '');
      for (const sig of model.metaGraph(t).signatures()) {
        out.push(`signature_def['${sig.key}']:`, ...signatureLines(sig, '  '), '');
      }
      out.push(opsLine(model.metaGraph(t)), '');
    }
    return out.join('\n').trimEnd();
  }
  if (!tags) {
    return ['The given SavedModel contains the following tag-sets:', ...model.tagSets().map((t) => `'${formatTagSet(t)}'`)].join('\n');
  }
  const meta = model.metaGraph(tags);
  if (values.signature_def) return signatureLines(meta.signature(values.signature_def)).join('\n');
  return [
    'The given SavedModel MetaGraphDef contains SignatureDefs with the following keys:',
    ...meta.signatureKeys().map((k) => `SignatureDef key: "${k}"`),
  ].join('\n');
}
