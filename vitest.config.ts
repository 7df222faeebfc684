import { defineConfig } from 'vitest/config';

// VITEST_JSON_REPORT (set by .ci/run) adds vitest's JSON reporter so CI can print "N passed, N failed".
const jsonReport = process.env.VITEST_JSON_REPORT;

// Node 22 is the supported major (package.json engines). On an older Node the AWS SDK prints a 9-line
// NodeVersionSupportWarning once per process that builds a client (17 times in a full run); tests only,
// set here so the forked workers and the bin scripts they spawn inherit it. Users on Node < 22 still see it.
if (Number(process.versions.node.split('.')[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
  },
});
