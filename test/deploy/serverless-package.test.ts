// `serverless package` with no params at all, offline, once: the CloudFormation template (routes, the models
// bucket the stack creates and its S3 trigger, schedule, per-function least-privilege IAM, arm64) and the artifacts (api zip size and contents, and the
// bundled api handler loading and answering in a fresh Node process from the unzipped artifact alone).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../helpers/apigw-event.ts';
import { ofType, readOutputs, readTemplate, REPO, roleStatements, slsPackage, type PackageRun, type Resources } from './package-run.ts';
import { extractZip, readZip } from './unzip.ts';

const plugins = createRequire(import.meta.url)('../../scripts/esbuild-plugins.cjs') as { BANNER: string; WASM_FILES: string[] };
const MAX_API_ZIP_BYTES = 15 * 1024 * 1024;
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const ref = (id: string) => ({ Ref: id });
// The bucket the stack creates: `<service>-<stage>-models-<account>-<region>`, a name known before it exists.
const NAME_PARTS = ['tf-serverless-test-models-', ref('AWS::AccountId'), '-', ref('AWS::Region')];
const BUCKET_NAME = { 'Fn::Join': ['', NAME_PARTS] };
const bucketArn = (path?: string) => ({ 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':s3:::', ...NAME_PARTS, ...(path ? [path] : [])]] });

let run: PackageRun;
let t: Resources;
let outputs: Record<string, { Value: unknown }>;

beforeAll(async () => {
  run = await slsPackage({ bucket: '' });
  if (run.code !== 0) throw new Error(`sls package failed (${run.code}):\n${run.output}`);
  t = readTemplate(run.dir);
  outputs = readOutputs(run.dir);
}, 240_000);

afterAll(() => run?.cleanup());

describe('serverless package: HTTP API', () => {
  it('packages without params and without osls warnings (e.g. none about the api timeout and the HTTP API\'s 30 s)', () => {
    expect(run.output).not.toMatch(/warning/i);
    expect(t.ApiLambdaFunction.Properties.Timeout).toBeLessThan(30);
  });

  it('routes GET and POST /v1/models/{proxy+} and GET /healthz to api, with no authorizer by default', () => {
    const routes = ofType(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /healthz', 'GET /v1/models/{proxy+}', 'POST /v1/models/{proxy+}']);
    for (const r of routes) expect(r.AuthorizationType).toBeUndefined();
    expect(ofType(t, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    const integrations = ofType(t, 'AWS::ApiGatewayV2::Integration').map(([, r]) => r.Properties);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({ IntegrationType: 'AWS_PROXY', IntegrationUri: getAtt('ApiLambdaFunction'), PayloadFormatVersion: '2.0' });
  });
});

describe('serverless package: functions', () => {
  it.each([
    ['api', 1769, 29, 'ApiRole'], // 29: osls warns about an HTTP API function at 30 s
    ['rollout', 3008, 300, 'RolloutRole'],
    ['warmer', 128, 30, 'WarmerRole'],
  ])('%s runs nodejs22.x on arm64 with %i MB, %i s and its own role', (name, memory, timeout, role) => {
    const fn = t[`${name[0].toUpperCase()}${name.slice(1)}LambdaFunction`].Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: memory, Timeout: timeout, Role: getAtt(role) });
    expect(fn.Handler).toBe(`functions/${name}.handler`);
    expect(fn.Environment.Variables).toMatchObject({ MODELS_BUCKET: BUCKET_NAME, MODELS_PREFIX: 'models', MANIFEST_TTL_MS: '1000' });
  });

  it('gives warmer and rollout the api function name, and creates no shared role and no heavy-model function', () => {
    expect(t.WarmerLambdaFunction.Properties.Environment.Variables.API_FUNCTION_NAME).toEqual({ Ref: 'ApiLambdaFunction' });
    expect(t.RolloutLambdaFunction.Properties.Environment.Variables).toMatchObject({
      API_FUNCTION_NAME: { Ref: 'ApiLambdaFunction' },
      WARMER_FUNCTION_NAME: { Ref: 'WarmerLambdaFunction' },
    });
    expect(t.IamRoleLambdaExecution).toBeUndefined();
    expect(t.ApiLambdaFunction.Properties.Environment.Variables).toMatchObject({ HEAVY_TARGET_URL: '', HEAVY_FUNCTION_NAME: '' });
    expect(ofType(t, 'AWS::Lambda::Function').map(([id]) => id).sort()).toEqual(['ApiLambdaFunction', 'RolloutLambdaFunction', 'WarmerLambdaFunction']);
  });
});

describe('serverless package: events', () => {
  it('creates the models bucket, kept on stack removal, private, named from stack, account and region, and outputs its name', () => {
    expect(ofType(t, 'AWS::S3::Bucket').map(([id]) => id).sort()).toEqual(['ModelsBucket', 'ServerlessDeploymentBucket']);
    expect(t.ModelsBucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(t.ModelsBucket.Properties.BucketName).toEqual(BUCKET_NAME);
    expect(t.ModelsBucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(outputs.ModelsBucketName.Value).toEqual(BUCKET_NAME);
  });

  it('triggers rollout on ObjectCreated under models/ of that bucket, after S3 may invoke it, without a custom resource', () => {
    expect(t.ModelsBucket.Properties.NotificationConfiguration).toEqual({
      LambdaConfigurations: [{
        Event: 's3:ObjectCreated:*',
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'models/' }] } },
        Function: getAtt('RolloutLambdaFunction'),
      }],
    });
    const [[id, permission]] = ofType(t, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 's3.amazonaws.com');
    expect(t.ModelsBucket.DependsOn).toEqual([id]);
    expect(permission.Properties).toEqual({
      Action: 'lambda:InvokeFunction', FunctionName: getAtt('RolloutLambdaFunction'), Principal: 's3.amazonaws.com',
      SourceArn: bucketArn(), SourceAccount: ref('AWS::AccountId'),
    });
    expect(ofType(t, 'Custom::S3')).toEqual([]);
  });

  it('invokes warmer every 5 minutes with the warm-up input', () => {
    const rules = ofType(t, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    expect(rules[0].Targets).toHaveLength(1);
    expect(rules[0].Targets[0].Arn).toEqual(getAtt('WarmerLambdaFunction'));
    expect(JSON.parse(rules[0].Targets[0].Input)).toEqual({ warmer: true, concurrency: 1, models: [] });
  });
});

describe('serverless package: least-privilege IAM', () => {
  const logs = (role: string) => roleStatements(t, role).filter((s) => s.Action.some((a) => a.startsWith('logs:')));
  const other = (role: string) => roleStatements(t, role).filter((s) => !s.Action.some((a) => a.startsWith('logs:')));
  const readModels = [
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: bucketArn('/models/*') },
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucketArn(), Condition: { StringLikeIfExists: { 's3:prefix': ['models/*'] } } },
  ];

  it('lets api read objects under models/, list only that prefix, and invoke the heavy-model function', () => {
    const heavyArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:tf-serverless-test-heavy']] };
    expect(other('ApiRole')).toEqual([...readModels, { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: heavyArn }]);
  });

  it('lets rollout read models, write only manifest.json documents and serving artifacts, and invoke api and warmer', () => {
    expect(other('RolloutRole')).toEqual([
      ...readModels,
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: bucketArn('/models/*/manifest.json') },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: bucketArn('/models/*/serving-artifact-*.tfsa') },
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [getAtt('ApiLambdaFunction'), getAtt('WarmerLambdaFunction')] },
    ]);
  });

  it('lets warmer invoke the api function and nothing else', () => {
    expect(other('WarmerRole')).toEqual([{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: getAtt('ApiLambdaFunction') }]);
  });

  it.each(['Api', 'Rollout', 'Warmer'])('lets %sRole write logs to its own log group only', (name) => {
    const [statement] = logs(`${name}Role`);
    expect(statement.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect([statement.Resource].flat()[0]).toEqual(getAtt(`${name}LogGroup`));
  });

  it('has no wildcard action or resource in any role', () => {
    for (const role of ['ApiRole', 'RolloutRole', 'WarmerRole']) {
      for (const s of roleStatements(t, role)) {
        expect(s.Action.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
        expect([s.Resource].flat()).not.toContain('*');
      }
    }
  });
});

describe('serverless package: artifacts', () => {
  const zip = (name: string) => readFileSync(join(run.dir, `${name}.zip`));
  const names = (name: string) => readZip(zip(name)).map((e) => e.name);

  it('packs api in at most 15 MB with the wasm binaries beside the bundle and the proto schemas inside it', () => {
    const size = statSync(join(run.dir, 'api.zip')).size;
    expect(size).toBeLessThanOrEqual(MAX_API_ZIP_BYTES);
    const files = names('api');
    // Besides the bundle, only the chunks its dynamic imports load when first used (the AWS SDKs, the cpu backend).
    expect(files.filter((f) => f.endsWith('.mjs') && !/^functions\/chunks\/[\w.-]+\.mjs$/.test(f))).toEqual(['functions/api.mjs']);
    for (const wasm of plugins.WASM_FILES) expect(files).toContain(`functions/${wasm}`);
    // lib/proto/schemas.json is bundled (scripts/compile-proto-schemas.ts): no .proto file is read at run time.
    expect(files.filter((f) => f.endsWith('.proto') || f.endsWith('.json'))).toEqual([]);
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
  });

  it('packs rollout with the engine files and warmer without them', () => {
    expect(names('rollout')).toEqual(expect.arrayContaining(['functions/rollout.mjs', ...plugins.WASM_FILES.map((w) => `functions/${w}`)]));
    expect(names('warmer').filter((f) => !/^functions\/chunks\/[\w.-]+\.mjs$/.test(f))).toEqual(['functions/warmer.mjs']);
  });

  it('loads the unzipped api bundle alone in a fresh Node process, answers /healthz and a warm-up, and starts wasm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfs-api-zip-'));
    try {
      const unzipped = extractZip(zip('api'), dir);
      console.info(`api.zip: ${(statSync(join(run.dir, 'api.zip')).size / 1e6).toFixed(2)} MB zipped, ${(unzipped / 1e6).toFixed(2)} MB unzipped`);
      expect(readFileSync(join(dir, 'functions', 'api.mjs'), 'utf8').startsWith(plugins.BANNER)).toBe(true);
      const result = await importInFreshNode(dir, 'api', isPlaceholder('api'));
      expect(result.handler).toBe('function');
      if (isPlaceholder('api')) return; // the stand-in imports nothing heavy: loading it is all there is to check
      expect(result.healthz).toMatchObject({ statusCode: 200 });
      expect(result.warmup).toMatchObject({ warmed: true, failed: [] });
      expect(result.tfjsBackend).toBe('wasm');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    ['rollout', { MODELS_BUCKET: 'tfs-test-models' }],
    ['warmer', { API_FUNCTION_NAME: 'tf-serverless-test-api' }],
  ])('loads the unzipped %s bundle alone in a fresh Node process', async (name, env) => {
    const dir = mkdtempSync(join(tmpdir(), `tfs-${name}-zip-`));
    try {
      extractZip(zip(name), dir);
      expect((await importInFreshNode(dir, name, true, env)).handler).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function isPlaceholder(fn: string): boolean {
  return readFileSync(join(REPO, 'functions', `${fn}.ts`), 'utf8').includes('PLACEHOLDER: replaced by the real handler');
}

interface FreshImport { handler: string; healthz?: unknown; warmup?: unknown; tfjsBackend?: string | null }

/**
 * Imports functions/<name>.mjs from `dir` in a new Node process with a bare environment (plus `env`; no
 * node_modules reachable from a temporary directory). Unless `importOnly`, it invokes /healthz and a warm-up,
 * then asks the bundled TensorFlow.js engine (globalThis._tfengine) to start wasm from the bundled binaries.
 */
async function importInFreshNode(dir: string, name: string, importOnly: boolean, env: Record<string, string> = {}): Promise<FreshImport> {
  const script = `
    const mod = await import(${JSON.stringify(join(dir, 'functions', `${name}.mjs`))});
    const out = { handler: typeof mod.handler };
    if (!${importOnly}) {
      const ctx = { functionName: 'tf-serverless-test-api', awsRequestId: 'r1', getRemainingTimeInMillis: () => 30000 };
      out.healthz = await mod.handler(${JSON.stringify(httpApiEvent('GET', '/healthz'))}, ctx);
      out.warmup = await mod.handler({ warmer: true, models: [] }, ctx);
      const engine = globalThis._tfengine;
      out.tfjsBackend = engine && (await engine.setBackend('wasm')) ? engine.backendName : null;
    }
    console.log('RESULT ' + JSON.stringify(out));`;
  const childEnv = { PATH: process.env.PATH ?? '', HOME: dir, AWS_REGION: 'us-east-1', ...env };
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: childEnv, timeout: 45_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from the bundle:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as FreshImport;
}
