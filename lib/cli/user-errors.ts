// Turns what a command threw into the one line a user reads (issue 14: no stack trace for a user error).
// ServingErrors are already worded for users; a few plain Node / AWS SDK errors are everyday user
// situations (a missing file, a port in use, no AWS region or credentials) and get a line saying what to do.
// Anything else is a bug: its message, plus how to see the stack (--debug or TF_SERVERLESS_DEBUG=1).
import { isServingError } from '../errors/index.ts';

export interface UserError {
  /** The line(s) to print after "tf-serverless <command>: ". */
  text: string;
  /** Exit code: 2 for a command-line mistake, 1 otherwise. */
  exitCode: number;
  /** False for an unexpected exception (a bug): the stack helps, --debug shows it. */
  expected: boolean;
}

interface NodeErrorShape {
  code?: string;
  path?: string;
  syscall?: string;
  port?: number;
  name?: string;
  message?: string;
}

/** A command-line mistake (unknown flag, missing value): exit 2, and main.ts prints the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure another process already explained (a server worker's one line): exit with `exitCode`, print nothing. */
export class AlreadyReported extends Error {
  override readonly name = 'AlreadyReported';

  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** True when the user asked for stacks: the --debug flag (main.ts) or TF_SERVERLESS_DEBUG=1. */
export function debugFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.TF_SERVERLESS_DEBUG ?? '');
}

/** What to print for an exception a command threw. */
export function describeUserError(e: unknown): UserError {
  if (isServingError(e)) return { text: `${e.code}: ${e.message}`, exitCode: 1, expected: true };
  const err = (e ?? {}) as NodeErrorShape;
  const message = typeof err.message === 'string' ? err.message : String(e);
  if (e instanceof UsageError) return { text: e.message, exitCode: 2, expected: true };
  if (e instanceof TypeError && String(err.code).startsWith('ERR_PARSE_ARGS')) return { text: message, exitCode: 2, expected: true };
  if (err.code === 'ENOENT' && err.path) return { text: `${err.path}: no such file or directory`, exitCode: 1, expected: true };
  if (err.code === 'EACCES' && err.path) return { text: `${err.path}: permission denied`, exitCode: 1, expected: true };
  if (err.code === 'EADDRINUSE') {
    return { text: `port ${err.port ?? '?'} is already in use: stop the process holding it or pick another port`, exitCode: 1, expected: true };
  }
  // AWS SDK v3: the region resolver throws a plain Error 'Region is missing'; the default credential chain
  // throws CredentialsProviderError ("Could not load credentials from any providers").
  if (message === 'Region is missing') {
    return { text: 'no AWS region: set AWS_REGION (e.g. export AWS_REGION=us-east-1), or AWS_PROFILE naming a profile with a region', exitCode: 1, expected: true };
  }
  if (err.name === 'CredentialsProviderError' || /Could not load credentials/.test(message)) {
    return {
      text: 'no AWS credentials: set AWS_PROFILE (a profile from `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      exitCode: 1, expected: true,
    };
  }
  // A bug, or an engine (tfjs) failure: its first line only; minified sources stay out of the terminal.
  const first = message.split('\n')[0].slice(0, 500);
  return { text: `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${first}`, exitCode: 1, expected: false };
}
