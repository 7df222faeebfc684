// `serverless package` with non-default params, offline: an existing models bucket, a JWT authorizer, the
// heavy-model image function (given by digest), warmer settings and memory from string params; and the params
// that must fail packaging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, readTemplate, roleStatements, slsPackage, type PackageRun, type Resources } from './package-run.ts';
import { readdirSync } from 'node:fs';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/tf-serverless-heavy@sha256:${'0123456789abcdef'.repeat(4)}`;

let run: PackageRun;
let t: Resources;

beforeAll(async () => {
  run = await slsPackage({
    auth: 'jwt',
    jwtIssuerUrl: 'https://issuer.example.com/pool',
    jwtAudience: 'client-123',
    heavyImage: IMAGE,
    hotModels: 'digits, half_plus_two',
    warmerConcurrency: '3',
    warmerEnabled: 'false',
    apiMemory: '2048',
  });
  if (run.code !== 0) throw new Error(`sls package failed (${run.code}):\n${run.output}`);
  t = readTemplate(run.dir);
}, 240_000);

afterAll(() => run?.cleanup());

describe('serverless package --param bucket=tfs-test-models (an existing bucket)', () => {
  const BUCKET = 'arn:aws:s3:::tfs-test-models';

  it('triggers rollout on ObjectCreated under models/ of the existing bucket, through the custom resource', () => {
    const [[, s3]] = ofType(t, 'Custom::S3');
    expect(s3.Properties).toMatchObject({
      FunctionName: 'tf-serverless-test-rollout',
      BucketName: 'tfs-test-models',
      BucketConfigs: [{ Event: 's3:ObjectCreated:*', Rules: [{ Prefix: 'models/' }] }],
    });
    // existing: true — the models bucket is not created by the stack (only the deployment bucket is).
    expect(ofType(t, 'AWS::S3::Bucket').map(([id]) => id)).toEqual(['ServerlessDeploymentBucket']);
  });

  it('names the bucket in every function\'s environment and scopes api\'s and rollout\'s S3 access to it', () => {
    for (const fn of ['Api', 'Rollout', 'Warmer']) expect(t[`${fn}LambdaFunction`].Properties.Environment.Variables.MODELS_BUCKET).toBe('tfs-test-models');
    const statements = (role: string) => roleStatements(t, role).filter((st) => st.Action.some((a) => a.startsWith('s3:')));
    const read = [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${BUCKET}/models/*` },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: BUCKET, Condition: { StringLikeIfExists: { 's3:prefix': ['models/*'] } } },
    ];
    expect(statements('ApiRole')).toEqual(read);
    expect(statements('RolloutRole')).toEqual([
      ...read,
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${BUCKET}/models/*/manifest.json` },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${BUCKET}/models/*/serving-artifact-*.tfsa` },
    ]);
  });
});

describe('serverless package --param auth=jwt', () => {
  it('puts the JWT authorizer on the /v1/models routes and leaves /healthz open', () => {
    const [[id, authorizer]] = ofType(t, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.com/pool', Audience: ['client-123'] },
    });
    const routes = Object.fromEntries(ofType(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));
    for (const key of ['GET /v1/models/{proxy+}', 'POST /v1/models/{proxy+}']) {
      expect(routes[key]).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: id } });
    }
    expect(routes['GET /healthz'].AuthorizationType).toBeUndefined();
  });
});

describe('serverless package --param heavyImage=<uri>@sha256:…', () => {
  it('adds the heavy-model function as an x86_64 image with the native engine, the api role and an IAM-only URL', () => {
    const fn = t.HeavyLambdaFunction.Properties;
    expect(fn).toMatchObject({
      PackageType: 'Image',
      Code: { ImageUri: IMAGE },
      ImageConfig: { Command: ['functions/api.handler'] },
      Architectures: ['x86_64'],
      MemorySize: 10240,
      Timeout: 60,
      Role: { 'Fn::GetAtt': ['ApiRole', 'Arn'] },
    });
    expect(fn.Environment.Variables).toMatchObject({ MODEL_ENGINE: 'native', MODELS_BUCKET: 'tfs-test-models' });
    // the api function forwards heavy versions to it; the heavy function itself never forwards
    expect(t.ApiLambdaFunction.Properties.Environment.Variables).toMatchObject({ HEAVY_FUNCTION_NAME: { Ref: 'HeavyLambdaFunction' }, HEAVY_TARGET_URL: '' });
    expect(fn.Environment.Variables.HEAVY_FUNCTION_NAME).toBeUndefined();
    const [[, url]] = ofType(t, 'AWS::Lambda::Url');
    expect(url.Properties).toMatchObject({ AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['HeavyLambdaFunction', 'Arn'] } });
    expect(readdirSync(run.dir).filter((f) => f.endsWith('.zip')).sort()).toEqual(['api.zip', 'custom-resources.zip', 'rollout.zip', 'warmer.zip']);
  });
});

describe('serverless package: string params become typed values', () => {
  it('sends the hot models and concurrency in the (disabled) schedule input, and sizes api from apiMemory', () => {
    const [[, rule]] = ofType(t, 'AWS::Events::Rule');
    expect(rule.Properties.State).toBe('DISABLED');
    expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual({ warmer: true, concurrency: 3, models: ['digits', 'half_plus_two'] });
    expect(t.ApiLambdaFunction.Properties.MemorySize).toBe(2048);
    expect(t.ApiLambdaFunction.Properties.Environment.Variables.HOT_MODELS).toBe('digits, half_plus_two');
  });
});

describe('serverless package: params that must fail', () => {
  it.each([
    ['an image by tag (resolving it needs ECR)', { heavyImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/heavy:latest' }, 'param heavyImage must be an ECR image URI by digest'],
    ['jwt without an issuer', { auth: 'jwt' }, 'param auth=jwt needs jwtIssuerUrl'],
    ['an unknown auth mode', { auth: 'cognito' }, 'param auth must be none, iam or jwt'],
    ['a prefix with slashes around it', { prefix: '/models/' }, 'param prefix must be a non-empty key prefix'],
    ['a warmer concurrency out of range', { warmerConcurrency: '0' }, 'param warmerConcurrency must be an integer in 1..100'],
    ['a bucket name S3 refuses', { bucket: 'My_Models' }, 'param bucket must be an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\'), got "My_Models"'],
  ])('refuses %s', async (_scenario, params, message) => {
    const failed = await slsPackage(params);
    failed.cleanup();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(message);
    // A param error is one line: no stack frames of computed.cjs or osls (issue 14).
    expect(failed.output).not.toMatch(/^\s+at /m);
  }, 120_000);
});
