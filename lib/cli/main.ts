// The `tf-serverless` command line: dispatches to one module per subcommand. Every subcommand answers
// --help/-h with its usage; errors are one line on stderr (user-errors.ts), the stack only with --debug.
import { readFileSync } from 'node:fs';
import { label, LABEL_USAGE } from './label.ts';
import { push, PUSH_USAGE } from './push.ts';
import { rollback, ROLLBACK_USAGE } from './rollback.ts';
import { run, RUN_USAGE } from './run.ts';
import { serve, SERVE_USAGE } from './serve.ts';
import { show, SHOW_USAGE } from './show.ts';
import { AlreadyReported, debugFromEnv, describeUserError } from './user-errors.ts';

const COMMON = `Every command: --help (-h) prints its usage; --debug (or TF_SERVERLESS_DEBUG=1) prints the stack of an error.`;

const USAGE = `Usage: tf-serverless <command> [flags]
       tf-serverless --version

Commands:
  serve     serve models over TF Serving's REST (and gRPC) API, like tensorflow_model_server
  show      inspect a SavedModel (like saved_model_cli show)
  run       run one TF Serving request body through the engine (like saved_model_cli run)
  push      upload a SavedModel version with its commit marker (and --publish it)
  label     point a version label (stable, canary, …) at an AVAILABLE version
  rollback  move a label back, or withdraw a model's newest version

${COMMON}
Run 'tf-serverless <command> --help' for a command's flags.`;

type Command = (argv: string[]) => Promise<string>;
const COMMANDS: Record<string, { run: Command; usage: string }> = {
  serve: { run: serve, usage: SERVE_USAGE },
  show: { run: show, usage: SHOW_USAGE },
  run: { run, usage: RUN_USAGE },
  push: { run: push, usage: PUSH_USAGE },
  label: { run: label, usage: LABEL_USAGE },
  rollback: { run: rollback, usage: ROLLBACK_USAGE },
};

/** The version in package.json (the one npm installed). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The flags before a `--` end-of-options marker (values after it are never flags). */
function flagsOf(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/** Runs the CLI; returns the process exit code. Output goes to stdout, errors to stderr. */
export async function main(argv: string[]): Promise<number> {
  const debug = flagsOf(argv).includes('--debug') || debugFromEnv();
  const args = argv.filter((a, i) => !(a === '--debug' && i < flagsOf(argv).length));
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`tf-serverless ${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`tf-serverless: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const flags = flagsOf(rest);
  if (flags.includes('--help') || flags.includes('-h')) {
    process.stdout.write(`${command.usage}\n\n${COMMON}\n`);
    return 0;
  }
  try {
    process.stdout.write(`${await command.run(rest)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AlreadyReported) return e.exitCode;
    const error = describeUserError(e);
    // `run` answers like the REST API would: {"error": "..."} on stdout; every command explains on stderr.
    if (name === 'run' && error.exitCode !== 2) process.stdout.write(`${JSON.stringify({ error: error.text.replace(/^[A-Z_]+: /, '') })}\n`);
    process.stderr.write(`tf-serverless ${name}: ${error.text}\n`);
    if (error.exitCode === 2) process.stderr.write(`\n${command.usage}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else if (!error.expected) process.stderr.write(`(an unexpected error: rerun with --debug for its stack trace, and report it)\n`);
    return error.exitCode;
  }
}
