#!/usr/bin/env node
// Entry point of the `tf-serverless` command. The sources are TypeScript; tsx compiles them on the fly.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every S3 command under Node < 22 (NodeVersionSupportWarning); the CLI keeps stderr for real messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/cli/main.ts');
const code = await main(process.argv.slice(2));
// A failed command exits at once: a half-started server (a port in use) or an open SDK socket must not keep it alive.
if (code !== 0) process.exit(code);
process.exitCode = code;
