// The `tf-serverless` command line: dispatches to one module per subcommand.
import { isServingError } from '../errors/index.ts';
import { label, LABEL_USAGE } from './label.ts';
import { push, PUSH_USAGE } from './push.ts';
import { rollback, ROLLBACK_USAGE } from './rollback.ts';
import { run, RUN_USAGE } from './run.ts';
import { serve, SERVE_USAGE } from './serve.ts';
import { show, SHOW_USAGE } from './show.ts';

const USAGE = `Usage: tf-serverless <command> [flags]

Commands:
  serve     serve models over TF Serving's REST (and gRPC) API, like tensorflow_model_server
  show      inspect a SavedModel (like saved_model_cli show)
  run       run one TF Serving request body through the engine (like saved_model_cli run)
  push      upload a SavedModel version with its commit marker (and --publish it)
  label     point a version label (stable, canary, …) at an AVAILABLE version
  rollback  move a label back, or withdraw a model's newest version

${SERVE_USAGE}

${SHOW_USAGE}

${RUN_USAGE}

${PUSH_USAGE}

${LABEL_USAGE}

${ROLLBACK_USAGE}`;

type Command = (argv: string[]) => Promise<string>;
const COMMANDS: Record<string, Command> = { serve, show, run, push, label, rollback };

/** Runs the CLI; returns the process exit code. Output goes to stdout, errors to stderr. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`tf-serverless: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${await command(rest)}\n`);
    return 0;
  } catch (e) {
    if (isServingError(e)) {
      // `run` answers like the REST API would: {"error": "..."} on stdout; other commands explain on stderr.
      if (name === 'run') process.stdout.write(`${JSON.stringify({ error: e.message })}\n`);
      process.stderr.write(`tf-serverless ${name}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`tf-serverless ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
