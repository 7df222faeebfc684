// Issue 14: every command explains itself. Runs the real bin script: --help per subcommand, --version,
// usage on a command-line mistake, and one line (no stack trace) for everyday user errors.
import { createServer, type Server } from 'node:net';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { BUNDLED_MODELS, REPO_ROOT } from '../helpers/fixtures.ts';

const COMMANDS = ['serve', 'show', 'run', 'push', 'label', 'rollback'];
/** A V8 stack frame line ("    at fn (file:1:2)"). */
const STACK_FRAME = /^\s+at .+/m;
const HPT = join(BUNDLED_MODELS, 'half_plus_two/1');

/** No AWS settings at all: what a user without `aws configure` has. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'TF_SERVERLESS_DEBUG'));
  return {
    ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', ...extra,
  };
}
const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, bareEnv(extra));

describe('tf-serverless --help / --version (bin script)', () => {
  it.each([...COMMANDS.map((c) => [c, '--help']), ['label', '-h'], ['serve', '-h']])('%s %s prints its usage and exits 0', async (command, flag) => {
    const r = await cli([command, flag]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^Usage: tf-serverless ${command} `));
  });

  it('--version prints package.json\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `tf-serverless ${version}\n` });
  });

  it('serve --help lists the TF Serving flags it accepts without effect', async () => {
    const { stdout } = await cli(['serve', '--help']);
    expect(stdout).toMatch(/--rest_api_port\s+HTTP\/REST port/);
    expect(stdout).toMatch(/TF Serving flags accepted with no effect here[^\n]*:\n(.|\n)*--flush_filesystem_caches/);
    expect(stdout).toContain('--tensorflow_intra_op_parallelism');
  });

  it.each([
    ['show', ['--bogus']], ['run', ['--bogus']], ['push', ['--bogus']], ['label', ['--bogus']], ['rollback', ['--bogus']],
    ['serve', ['--bogus_flag=1']],
  ])('%s with an unknown option names it, prints its usage and exits 2', async (command, args) => {
    const r = await cli([command, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
    expect(r.stderr).toContain(`Usage: tf-serverless ${command} `);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('user errors are one line, no stack trace (bin script)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tfs-ux-'));
  let holder: Server | undefined;
  afterAll(() => holder?.close());

  async function oneLine(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
    const r = await cli(args, extra);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr;
  }

  it('run --request @missing.json names the file and how to pass the body', async () => {
    expect(await oneLine(['run', '--dir', HPT, '--request', '@no-such-request.json'])).toMatch(
      /^tf-serverless run: INVALID_ARGUMENT: request file no-such-request\.json not found .*--request '\{"instances"/);
  });

  it('push to s3://bucket/models/NAME (version forgotten) says to add the version', async () => {
    expect(await oneLine(['push', HPT, 's3://my-bucket/models/hp2'])).toContain(
      'Destination s3://my-bucket/models/hp2 ends in "hp2", not a version number: add the version directory, e.g. s3://my-bucket/models/hp2/1');
  });

  it('no AWS region names AWS_REGION; no credentials name AWS_PROFILE', async () => {
    expect(await oneLine(['label', 'm', 'stable', '1', '--registry', 's3://my-bucket/models'])).toMatch(/no AWS region: set AWS_REGION.*AWS_PROFILE/);
    expect(await oneLine(['rollback', 'm', '--registry', 's3://my-bucket/models'], { AWS_REGION: 'us-east-1' })).toMatch(
      /UNAUTHENTICATED: no AWS credentials .*set AWS_PROFILE.*AWS_ACCESS_KEY_ID/);
  });

  it('label on a model the registry does not have says so and how to push one', async () => {
    expect(await oneLine(['label', 'nomodel', 'stable', '1', '--registry', tmp])).toMatch(
      /NOT_FOUND: model nomodel not found in .* push and publish a version first: tf-serverless push DIR .*\/nomodel\/1 --publish/);
  });

  it('serve on a REST port in use names the port and --rest_api_port, exits 1 and leaves nothing running', async () => {
    holder = createServer();
    const port = await new Promise<number>((resolve) => holder!.listen(0, '127.0.0.1', () => resolve((holder!.address() as { port: number }).port)));
    const line = await oneLine(['serve', `--model_base_path=${join(BUNDLED_MODELS, 'half_plus_two')}`, `--rest_api_port=${port}`, '--port=0', '--host=127.0.0.1']);
    expect(line).toContain(`--rest_api_port=${port}: cannot listen on 127.0.0.1:${port}: address already in use`);
  });

  it('--debug and TF_SERVERLESS_DEBUG=1 add the stack', async () => {
    const args = ['run', '--dir', HPT, '--request', '@no-such-request.json'];
    expect((await cli([...args, '--debug'])).stderr).toMatch(STACK_FRAME);
    expect((await cli(args, { TF_SERVERLESS_DEBUG: '1' })).stderr).toMatch(STACK_FRAME);
  });
});

describe('next steps (bin script)', () => {
  it('push without --publish says the version is not served yet and what to run', async () => {
    const registry = mkdtempSync(join(tmpdir(), 'tfs-ux-push-'));
    const r = await cli(['push', HPT, join(registry, 'hpt/1')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Not served yet: a local registry has no rollout trigger; validate and publish it with: tf-serverless push ${HPT} ${join(registry, 'hpt/1')} --publish`);
  });

  it('label on an AVAILABLE version the policy does not load warns on stderr', async () => {
    const registry = mkdtempSync(join(tmpdir(), 'tfs-ux-label-'));
    const v2 = mkdtempSync(join(tmpdir(), 'tfs-ux-v2-'));
    cpSync(HPT, v2, { recursive: true });
    for (const [dir, v] of [[HPT, '1'], [v2, '2']]) expect((await cli(['push', dir, join(registry, 'hpt', v), '--publish'])).code).toBe(0);
    const r = await cli(['label', 'hpt', 'stable', '1', '--registry', registry]);
    expect(r).toMatchObject({ code: 0, stdout: 'hpt: label stable -> version 1 (new label)\n' });
    expect(r.stderr).toMatch(/^tf-serverless label: warning: version 1 is not served: the policy latest \{ num_versions: 1 \} loads version\(s\) 2, .*rollout\.json/);
    const served = await cli(['label', 'hpt', 'canary', '2', '--registry', registry]);
    expect(served).toMatchObject({ code: 0, stderr: '' });
  });
});
