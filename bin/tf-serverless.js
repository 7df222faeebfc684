#!/usr/bin/env node
// Entry point of the `tf-serverless` command. The sources are TypeScript; tsx compiles them on the fly.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every S3 command under Node < 22 (NodeVersionSupportWarning); the CLI keeps stderr for real messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/cli/main.ts');
const code = await main(process.argv.slice(2));
// Every command exits once it has returned: a half-started server (a port in use), an open SDK socket, or a model
// load that was still running when `serve` stopped (issue 10: SIGTERM during a big load) must not keep it alive.
// stdout/stderr writes to files, pipes and terminals are synchronous on Linux and macOS, so nothing is lost.
process.exit(code);
