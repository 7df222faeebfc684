// Locates test fixtures: the committed ones under test/fixtures and models/, including the conformance
// fixtures (test/fixtures/conformance, made by scripts/generate_conformance.py), and TF Serving's own
// testdata when a checkout of it is given (only the checks against TF Serving's expected files need it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The conformance suite's TensorFlow-made models and goldens: `models/` and `tfserving/` (our re-creations). */
export const CONFORMANCE_FIXTURES = join(REPO_ROOT, 'test/fixtures/conformance');
/** The same folder under its earlier name (it used to be ../shared/fixtures, outside the repository). */
export const SHARED_FIXTURES = CONFORMANCE_FIXTURES;
export const LOCAL_FIXTURES = join(REPO_ROOT, 'test/fixtures/models');
export const BUNDLED_MODELS = join(REPO_ROOT, 'models');
export const hasSharedFixtures = existsSync(CONFORMANCE_FIXTURES);

/**
 * TF Serving's own test models and expected responses (tensorflow_serving/servables/tensorflow/testdata of a
 * tensorflow/serving checkout): $TFSERVING_TESTDATA, else ../shared/fixtures/tfserving where a dev machine has it.
 */
export const TFSERVING_TESTDATA = resolve(process.env.TFSERVING_TESTDATA ?? join(REPO_ROOT, '../shared/fixtures/tfserving'));
export const hasTfServingTestdata = existsSync(join(TFSERVING_TESTDATA, 'saved_model_half_plus_two_cpu'));
export const TFSERVING_TESTDATA_SKIP =
  "skipped: TF Serving's own testdata is absent (compares with TF Serving's expected files): git clone --depth 1 " +
  'https://github.com/tensorflow/serving and set TFSERVING_TESTDATA=$PWD/serving/tensorflow_serving/servables/tensorflow/testdata';

if (!hasSharedFixtures) console.log('skipped: no test/fixtures/conformance (run scripts/generate_conformance.py)');

export interface VersionDir {
  /** e.g. "tfserving/saved_model_half_plus_two_cpu" or "models/keras_digits_mlp" */
  model: string;
  /** directory name, e.g. "00000123" */
  version: string;
  dir: string;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Every `<model>/<numeric version>/` holding a SavedModel under `root` (one or two levels deep). */
export function versionDirs(root: string): VersionDir[] {
  if (!isDir(root)) return [];
  const out: VersionDir[] = [];
  const visit = (dir: string, rel: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (!isDir(full)) continue;
      const isVersion = /^\d+$/.test(name);
      const hasModel = existsSync(join(full, 'saved_model.pb')) || existsSync(join(full, 'saved_model.pbtxt'));
      if (isVersion && hasModel) out.push({ model: rel, version: name, dir: full });
      else if (!isVersion && depth < 2) visit(full, rel ? `${rel}/${name}` : name, depth + 1);
    }
  };
  visit(root, '', 0);
  return out;
}

export interface GoldenCase {
  version: string;
  method: 'predict' | 'classify' | 'regress';
  path: string;
  request_body: string;
  response: unknown;
  atol: number;
  rtol: number;
  note?: string;
}

export interface GoldenFile {
  model: string;
  cases: GoldenCase[];
  metadata: Record<string, unknown>;
  op_types?: Record<string, { all: string[]; inference: string[] }>;
  /** the golden file's own path; its model versions live in `<dir>/<model>/` */
  file: string;
  modelDir: string;
}

/** Every `*.golden.json` under `root` (recursively), parsed. */
export function goldenFiles(root: string): GoldenFile[] {
  if (!isDir(root)) return [];
  const out: GoldenFile[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (isDir(full)) visit(full);
      else if (name.endsWith('.golden.json')) {
        const g = JSON.parse(readFileSync(full, 'utf8'));
        out.push({ ...g, file: full, modelDir: join(dir, name.replace(/\.golden\.json$/, '')) });
      }
    }
  };
  visit(root);
  return out;
}

/** The directory of version `v` ("123") under a model dir whose versions may be zero-padded ("00000123"). */
export function versionDir(modelDir: string, v: string): string {
  const name = readdirSync(modelDir).find((d) => /^\d+$/.test(d) && BigInt(d) === BigInt(v));
  if (!name) throw new Error(`no version ${v} under ${modelDir}`);
  return join(modelDir, name);
}
