// Parts of serverless.yml that YAML variables cannot express: typed values from string params (a CLI
// `--param k=v` is always a string) and the optional heavy-model function. serverless.yml reads them as
// `${file(./infra/serverless/computed.cjs):<key>}`; the Framework calls this function (CommonJS: it is
// loaded with require) with its variable resolver. Every check here fails `sls package`, not a deploy.
'use strict';

// Image functions are given by digest: by tag, the Framework asks ECR for the digest (needs credentials and
// network); building one needs Docker. See docs/deploy.md and layers/native/README.md.
const ECR_DIGEST_URI = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._\/-]+@sha256:[0-9a-f]{64}$/;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

// A param error is the user's: osls prints `error.stack` of what this function throws, so the stack is the
// message alone (osls lib/configuration/variables/sources/file.js).
function paramError(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

function integer(name, raw, min, max) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw paramError(`param ${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function modelList(name, raw) {
  const models = String(raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const m of models) {
    if (!MODEL_NAME.test(m)) throw paramError(`param ${name}: ${JSON.stringify(m)} is not a model name`);
  }
  return models;
}

// S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens (S3 "Bucket naming rules").
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// The generated name's fixed part: `-models-` + a 12-digit account id + `-` + the longest region name so far
// (ap-southeast-5, 14 characters; "us-gov-" ones are shorter).
const GENERATED_SUFFIX_LENGTH = '-models-'.length + 12 + 1 + 14;

const join = (...parts) => ({ 'Fn::Join': ['', parts.filter((p) => p !== '')] });
const pseudo = (name) => ({ Ref: `AWS::${name}` });

/**
 * `--param bucket=<name>`: the models live in an existing bucket. The Framework configures its notification
 * through its custom resource (`existing: true`); the stack never creates or deletes that bucket.
 */
function existingBucket(bucket, prefix) {
  if (!BUCKET_NAME.test(bucket)) throw paramError(`param bucket must be an S3 bucket name (3-63 lowercase letters, digits, '.' and '-'), got ${JSON.stringify(bucket)}`);
  return {
    modelsBucket: bucket,
    modelsBucketArn: `arn:aws:s3:::${bucket}`,
    modelsObjectsArn: `arn:aws:s3:::${bucket}/${prefix}/*`,
    manifestsArn: `arn:aws:s3:::${bucket}/${prefix}/*/manifest.json`,
    servingArtifactsArn: `arn:aws:s3:::${bucket}/${prefix}/*/serving-artifact-*.tfsa`,
    rolloutEvents: [{ s3: { bucket, event: 's3:ObjectCreated:*', existing: true, rules: [{ prefix: `${prefix}/` }] } }],
    modelsBucketResources: {},
  };
}

/**
 * No `bucket` param: the stack creates the models bucket, named `<service>-<stage>-models-<account>-<region>`
 * (known before the bucket exists, so the functions' environment, their IAM and the notification's Lambda
 * permission name it without a dependency cycle: api → bucket → rollout would be one with `Ref`). The
 * bucket is kept when the stack is removed (it holds the users' models), and its name is output as
 * `ModelsBucketName`.
 */
function stackBucket(service, stage, prefix) {
  const head = `${service}-${stage}`;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(head) || head.length + GENERATED_SUFFIX_LENGTH > 63) {
    throw paramError(`cannot name a models bucket after service and stage "${head}" (S3 wants lowercase and at most 63 characters): pass an existing bucket with --param bucket=<name>`);
  }
  const nameParts = [`${head}-models-`, pseudo('AccountId'), '-', pseudo('Region')];
  const name = join(...nameParts);
  const s3Arn = (path = '') => join('arn:', pseudo('Partition'), ':s3:::', ...nameParts, path);
  return {
    modelsBucket: name,
    modelsBucketArn: s3Arn(),
    modelsObjectsArn: s3Arn(`/${prefix}/*`),
    manifestsArn: s3Arn(`/${prefix}/*/manifest.json`),
    servingArtifactsArn: s3Arn(`/${prefix}/*/serving-artifact-*.tfsa`),
    rolloutEvents: [],
    modelsBucketResources: {
      Resources: {
        // S3 checks that it may invoke the function when the notification is set: the permission comes first.
        RolloutLambdaPermissionModelsBucket: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': ['RolloutLambdaFunction', 'Arn'] },
            Principal: 's3.amazonaws.com',
            SourceArn: s3Arn(),
            SourceAccount: pseudo('AccountId'),
          },
        },
        ModelsBucket: {
          Type: 'AWS::S3::Bucket',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          DependsOn: ['RolloutLambdaPermissionModelsBucket'],
          Properties: {
            BucketName: name,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
            NotificationConfiguration: {
              LambdaConfigurations: [{
                Event: 's3:ObjectCreated:*',
                Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: `${prefix}/` }] } },
                Function: { 'Fn::GetAtt': ['RolloutLambdaFunction', 'Arn'] },
              }],
            },
          },
        },
      },
      Outputs: { ModelsBucketName: { Description: 'the models bucket: push versions to s3://<it>/<prefix>/<model>/<version>/', Value: name } },
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  const param = async (name) => String(await resolveVariable(`param:${name}`));
  const auth = await param('auth');
  if (!['none', 'iam', 'jwt'].includes(auth)) throw paramError(`param auth must be none, iam or jwt, got ${JSON.stringify(auth)}`);
  if (auth === 'jwt' && !((await param('jwtIssuerUrl')).startsWith('https://') && (await param('jwtAudience')) !== '')) {
    throw paramError('param auth=jwt needs jwtIssuerUrl (https://…) and jwtAudience');
  }
  const prefix = await param('prefix');
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(prefix)) {
    throw paramError(`param prefix must be a non-empty key prefix without leading or trailing '/', got ${JSON.stringify(prefix)}`);
  }

  const bucket = (await param('bucket')).trim();
  const models = bucket === ''
    ? stackBucket(await resolveVariable('self:service'), await resolveVariable('sls:stage'), prefix)
    : existingBucket(bucket, prefix);

  // The warmer's schedule input (functions/warmup-event.ts WarmerInput).
  const warmerInput = {
    warmer: true,
    concurrency: integer('warmerConcurrency', await param('warmerConcurrency'), 1, 100),
    models: modelList('hotModels', await param('hotModels')),
  };

  // The heavy-model variant: the same api handler in a container image with the native engine (tfjs-node),
  // reached through its own function URL. Without a digest, no function ({} merges into `functions` as nothing).
  const image = (await param('heavyImage')).trim();
  const heavyFunctions = {};
  if (image !== '') {
    if (!ECR_DIGEST_URI.test(image)) {
      throw paramError(`param heavyImage must be an ECR image URI by digest (<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<64 hex>), got ${JSON.stringify(image)}`);
    }
    heavyFunctions.heavy = {
      image: { uri: image, command: ['functions/api.handler'] },
      // infra/container/Dockerfile --target lambda builds for either; the image's platform must match this.
      architecture: (await param('heavyArchitecture')) === 'arm64' ? 'arm64' : 'x86_64',
      memorySize: integer('heavyMemory', await param('heavyMemory'), 128, 10240),
      timeout: integer('heavyTimeout', await param('heavyTimeout'), 1, 900),
      role: 'ApiRole',
      environment: { MODEL_ENGINE: 'native' },
      // Function URLs know only AWS_IAM or NONE: any authorizer on the HTTP API means AWS_IAM here.
      url: auth === 'none' ? true : { authorizer: 'aws_iam' },
    };
  }
  // Where the api function forwards heavy versions (manifest target 'heavy', issue 15): the container service's URL
  // (infra/ecs output HeavyTargetUrl, infra/k8s Service) when given, else the heavy function when it is deployed.
  const heavyTargetUrl = (await param('heavyTargetUrl')).trim();
  if (heavyTargetUrl !== '' && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(heavyTargetUrl)) {
    throw paramError(`param heavyTargetUrl must be an http(s) URL, got ${JSON.stringify(heavyTargetUrl)}`);
  }
  const heavyFunctionName = heavyTargetUrl === '' && image !== '' ? { Ref: 'HeavyLambdaFunction' } : '';
  // api's own variables; MODELS_DIR (a local registry served instead of the bucket) only when modelsDir is given,
  // which only `serverless offline` needs (functions/env.ts).
  const modelsDir = (await param('modelsDir')).trim();
  const apiEnvironment = {
    TIMEOUT_EARLY_MS: String(integer('timeoutEarlyMs', await param('timeoutEarlyMs'), 0, 60000)),
    // Heavy versions (manifest target 'heavy') are forwarded there; both '' = no heavy target (503 for them).
    HEAVY_TARGET_URL: heavyTargetUrl,
    HEAVY_FUNCTION_NAME: heavyFunctionName,
    ...(modelsDir === '' ? {} : { MODELS_DIR: modelsDir }),
  };
  return { warmerInput, heavyFunctions, heavyTargetUrl, heavyFunctionName, apiEnvironment, ...models };
};
