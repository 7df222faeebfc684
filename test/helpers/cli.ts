// Runs the real `tf-serverless` bin script in a child process, with S3 settings for the test moto_server.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './fixtures.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The AWS SDK's standard variables pointed at moto, with dummy credentials (what a user would export). */
export function motoEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
  };
}

/** `node bin/tf-serverless.js ARGS…`; never rejects on a non-zero exit. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = motoEnv()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(REPO_ROOT, 'bin/tf-serverless.js'), ...args], { cwd: REPO_ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
