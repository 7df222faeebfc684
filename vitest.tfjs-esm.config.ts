// Every test against the tfjs builds the Lambda bundles contain (vitest.config.ts says why; its project
// 'tfjs-esm' runs the golden suites that way in every `npm test`):
//   npx vitest run --config vitest.tfjs-esm.config.ts test/engine test/api test/inference
import { defineConfig } from 'vitest/config';
import { COMMON_TEST, tfjsEsmAlias, tfjsEsmInline } from './vitest.config.ts';

export default defineConfig({
  resolve: { alias: tfjsEsmAlias },
  test: {
    ...COMMON_TEST,
    include: ['test/**/*.test.ts'],
    server: { deps: { inline: tfjsEsmInline } },
  },
});
