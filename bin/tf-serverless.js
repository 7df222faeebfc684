#!/usr/bin/env node
// Entry point of the `tf-serverless` command. The sources are TypeScript; tsx compiles them on the fly.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every S3 command under Node 20 (still supported here); the CLI keeps stderr for real messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
