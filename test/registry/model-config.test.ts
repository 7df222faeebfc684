// models.config (TF Serving's text-format ModelServerConfig) as ModelConfig objects.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelConfigText, readModelConfigFile, singleModelConfig } from '../../lib/registry/index.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

const CONFIG = `
# Two models, as TF Serving's docs show them.
model_config_list {
  config {
    name: "digits"
    base_path: "models/digits"
    model_platform: "tensorflow"
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: "stable" value: 1 }
    version_labels { key: "canary" value: 2 }
  }
  config {
    name: "half_plus_two"
    base_path: "s3://bucket/models/half_plus_two"
    model_version_policy { all {} }
  }
}
`;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('parseModelConfigText', () => {
  it('reads names, base paths, policies and labels', () => {
    const [digits, hpt] = parseModelConfigText(CONFIG, 'models.config', '/etc/tfs');
    expect(digits).toEqual({
      name: 'digits',
      basePath: '/etc/tfs/models/digits',
      policy: { kind: 'specific', versions: [1n, 2n] },
      labels: new Map([['stable', 1n], ['canary', 2n]]),
    });
    expect(hpt).toEqual({ name: 'half_plus_two', basePath: 's3://bucket/models/half_plus_two', policy: { kind: 'all' }, labels: new Map() });
  });

  it('keeps a relative base_path as written when no directory is given', () => {
    expect(parseModelConfigText(CONFIG)[0].basePath).toBe('models/digits');
  });

  it('reads an empty config as no models', () => {
    expect(parseModelConfigText('')).toEqual([]);
  });

  it.each([
    ['a model listed twice', 'model_config_list { config { name: "a" base_path: "/x" } config { name: "a" base_path: "/y" } }', /model name a appears more than once/],
    ['another platform', 'model_config_list { config { name: "a" base_path: "/x" model_platform: "pytorch" } }', /model_platform "pytorch" is not supported/],
    ['an empty name', 'model_config_list { config { base_path: "/x" } }', /config #1: name is empty/],
    ['a name that is not a safe path segment', 'model_config_list { config { name: "../a" base_path: "/x" } }', /config #1: Invalid model name/],
    ['an empty base_path', 'model_config_list { config { name: "a" } }', /\(a\): base_path is empty/],
    ['a label that is only digits', 'model_config_list { config { name: "a" base_path: "/x" version_labels { key: "12" value: 1 } } }', /Invalid version label "12"/],
    ['a label on a negative version', 'model_config_list { config { name: "a" base_path: "/x" version_labels { key: "stable" value: -1 } } }', /label stable: Invalid version "-1"/],
    ['specific with no versions', 'model_config_list { config { name: "a" base_path: "/x" model_version_policy { specific {} } } }', /specific lists no versions/],
    ['custom_model_config', 'custom_model_config { }', /custom_model_config is not supported/],
  ])('refuses %s with INVALID_ARGUMENT', (_scenario, text, message) => {
    const e = servingErrorOf(() => parseModelConfigText(text, 'models.config'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(message);
  });

  it('points at a syntax error with file:line:column', () => {
    const e = servingErrorOf(() => parseModelConfigText('model_config_list {\n  config {\n    name: \n  }\n}', 'models.config'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/^models\.config:4:3: /);
  });
});

describe('readModelConfigFile', () => {
  it('resolves relative base paths against the file\'s directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfs-model-config-'));
    dirs.push(dir);
    await writeFile(join(dir, 'models.config'), CONFIG);
    const [digits] = await readModelConfigFile(join(dir, 'models.config'));
    expect(digits.basePath).toBe(join(dir, 'models/digits'));
  });

  it('answers NOT_FOUND for a missing file', async () => {
    await expect(readModelConfigFile('/nonexistent/models.config')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('singleModelConfig', () => {
  it('serves the latest version with no labels, like --model_name/--model_base_path', () => {
    expect(singleModelConfig('default', '/models/x')).toEqual({ name: 'default', basePath: '/models/x', policy: { kind: 'latest', numVersions: 1 }, labels: new Map() });
  });
});
