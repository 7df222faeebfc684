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

module.exports = async ({ resolveVariable }) => {
  const param = async (name) => String(await resolveVariable(`param:${name}`));
  if ((await param('bucket')).trim() === '') {
    throw paramError('param bucket is required: the existing S3 bucket that holds the models, e.g. npx serverless package --param bucket=my-models-bucket (docs/deploy.md)');
  }
  const auth = await param('auth');
  if (!['none', 'iam', 'jwt'].includes(auth)) throw paramError(`param auth must be none, iam or jwt, got ${JSON.stringify(auth)}`);
  if (auth === 'jwt' && !((await param('jwtIssuerUrl')).startsWith('https://') && (await param('jwtAudience')) !== '')) {
    throw paramError('param auth=jwt needs jwtIssuerUrl (https://…) and jwtAudience');
  }
  const prefix = await param('prefix');
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(prefix)) {
    throw paramError(`param prefix must be a non-empty key prefix without leading or trailing '/', got ${JSON.stringify(prefix)}`);
  }

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
  return { warmerInput, heavyFunctions, heavyTargetUrl, heavyFunctionName };
};
