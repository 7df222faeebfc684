// "Will my model work?": per signature, whether each engine/backend can run it and what is missing
// (`tf-serverless show --check`). The portable engine is checked statically for every backend (convert the
// signature, then look up each op's kernels: kernel-check.ts), and by loading it on the process's backend, which
// also runs each signature once (signature-probe.ts). The native engine is loaded when it is installed.
import { isServingError } from '../errors/index.ts';
import type { SavedModel } from '../savedmodel/index.ts';
import { convertSignature } from './graph/convert.ts';
import { nativeEngineAvailable, nativeEngineUnavailableReason } from './native/detect.ts';
import { NativeServable } from './native/native-servable.ts';
import { type BackendName, ensureBackend, registerCpu } from './portable/backend.ts';
import { describeMissing, missingOps } from './portable/kernel-check.ts';
import { PortableServable } from './portable/portable-servable.ts';
import { registerCustomOps } from './ops/index.ts';

/** One engine/backend's verdict on one signature. */
export interface TargetVerdict {
  /** 'portable/wasm', 'portable/cpu' or 'native'. */
  target: string;
  /** 'yes', 'no', or 'n/a' (the engine is not installed). */
  runs: 'yes' | 'no' | 'n/a';
  /** Why not: one line per missing op (op + node), or the conversion's error. */
  reasons: string[];
}

export interface SignatureCheck {
  key: string;
  verdicts: TargetVerdict[];
}

const BACKENDS: BackendName[] = ['wasm', 'cpu'];
const INIT_SIGNATURES = new Set(['__saved_model_init_op']);

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Checks every signature of the MetaGraph with `tags` on the portable engine's backends and the native engine. */
export async function checkModel(model: SavedModel, tags?: string[]): Promise<SignatureCheck[]> {
  const active = await ensureBackend();
  await registerCpu(); // both backends' kernels are checked, whichever runs
  registerCustomOps();
  const meta = model.metaGraph(tags);
  const keys = meta.signatureKeys().filter((k) => !INIT_SIGNATURES.has(k));
  const checks = new Map(keys.map((key) => [key, { key, verdicts: [] as TargetVerdict[] }]));
  for (const key of keys) {
    let converted: ReturnType<typeof convertSignature> | undefined;
    let failure = '';
    try {
      converted = convertSignature(model, meta, key);
    } catch (e) {
      if (!isServingError(e)) throw e;
      failure = message(e);
    }
    for (const backend of BACKENDS) {
      const missing = converted ? missingOps(converted.nodes, converted.functions, backend).map(describeMissing) : [failure];
      checks.get(key)!.verdicts.push({ target: `portable/${backend}`, runs: missing.length ? 'no' : 'yes', reasons: missing });
    }
  }
  // The load on the active backend also runs each signature once: a failure only it sees overrides 'yes'.
  try {
    const servable = await PortableServable.load(model, { backend: active, tags });
    for (const s of servable.signatureStatus()) {
      const v = checks.get(s.key)?.verdicts.find((t) => t.target === `portable/${active}`);
      if (v && !s.available && v.runs === 'yes') Object.assign(v, { runs: 'no', reasons: [s.error!.message] });
    }
    servable.dispose();
  } catch (e) {
    if (!isServingError(e)) throw e;
  }
  const native = await nativeVerdicts(model, tags, keys);
  for (const key of keys) checks.get(key)!.verdicts.push(native.get(key)!);
  return [...checks.values()];
}

async function nativeVerdicts(model: SavedModel, tags: string[] | undefined, keys: string[]): Promise<Map<string, TargetVerdict>> {
  const all = (runs: TargetVerdict['runs'], reasons: string[]) => new Map(keys.map((k) => [k, { target: 'native', runs, reasons }]));
  if (!(await nativeEngineAvailable())) return all('n/a', [`@tensorflow/tfjs-node is not installed: ${nativeEngineUnavailableReason()}`]);
  try {
    const servable = await NativeServable.load(model, { tags });
    const out = new Map(servable.signatureStatus().map((s) => [s.key, { target: 'native', runs: s.available ? 'yes' : 'no', reasons: s.error ? [s.error.message] : [] } as TargetVerdict]));
    servable.dispose();
    return out;
  } catch (e) {
    if (!isServingError(e)) throw e;
    return all('no', [message(e)]);
  }
}
