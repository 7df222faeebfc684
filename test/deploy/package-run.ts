// Runs `serverless package` offline the way CI does: dummy credentials, no network use, into a temporary
// --package directory. The service is copied to a temporary directory first (node_modules linked), so that
// concurrent runs (test files run in parallel) do not share serverless-esbuild's .esbuild work folder, and
// nothing is written into the working tree.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO = resolve(import.meta.dirname, '../..');
/** What `sls package` reads: the config and what it names, and the sources the bundles are built from. */
const SERVICE_FILES = ['serverless.yml', 'package.json', 'tsconfig.json', 'functions', 'lib', 'scripts', 'infra'];
const SLS = join(REPO, 'node_modules', 'serverless', 'bin', 'serverless.js');

export interface PackageRun {
  /** The --package directory: zips, cloudformation-template-*.json. */
  dir: string;
  /** exit code, stdout + stderr of `sls package`. */
  code: number;
  output: string;
  /** Removes the temporary directories. */
  cleanup(): void;
}

/**
 * `sls package --stage test --param bucket=tfs-test-models` plus `params` (name → value; '' leaves a param out:
 * `{ bucket: '' }` packages with no params, the stack then creates the models bucket).
 * @example const run = await slsPackage({ auth: 'jwt' }); readTemplate(run.dir)
 */
export async function slsPackage(params: Record<string, string> = {}): Promise<PackageRun> {
  const root = mkdtempSync(join(tmpdir(), 'tfs-sls-'));
  const service = join(root, 'service');
  const dir = join(root, 'package');
  for (const name of SERVICE_FILES) cpSync(join(REPO, name), join(service, name), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(service, 'node_modules'), 'dir');
  const args = [SLS, 'package', '--stage', 'test', '--package', dir];
  // A param given as '' is left out (osls refuses `--param k=`), so serverless.yml's default applies.
  for (const [k, v] of Object.entries({ bucket: 'tfs-test-models', ...params })) if (v !== '') args.push('--param', `${k}=${v}`);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: root, // the Framework keeps state under $HOME; not the user's
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
  };
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: service, env, maxBuffer: 16 << 20, timeout: 240_000 });
    return { dir, code: 0, output: stdout + stderr, cleanup };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { dir, code: typeof err.code === 'number' ? err.code : 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}`, cleanup };
  }
}

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: unknown };
export type Resources = Record<string, Resource>;

export function readTemplate(dir: string): Resources {
  const file = join(dir, 'cloudformation-template-update-stack.json');
  if (!existsSync(file)) throw new Error(`no ${file}`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { Resources: Resources }).Resources;
}

export function readOutputs(dir: string): Record<string, { Value: unknown }> {
  return (JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as { Outputs: Record<string, { Value: unknown }> }).Outputs;
}

export function ofType(resources: Resources, type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of a role's inline policies, with Action as a list. */
export function roleStatements(resources: Resources, role: string): (Statement & { Action: string[] })[] {
  const r = resources[role];
  if (r?.Type !== 'AWS::IAM::Role') throw new Error(`${role} is not an IAM role in the template`);
  const policies = (r.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement).map((s) => ({ ...s, Action: ([] as string[]).concat(s.Action) }));
}
