import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // type-graphql loads graphql's CommonJS build; the tests must share that one copy, or
  // scalars fail its instanceof checks.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/dashboard-build-setup.ts', 'test/helpers/sdk-build-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'service', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      // The browser tests run once the others are done: Chromium competing for the two
      // cores with the rest of the suite would only slow both down.
      { extends: true, test: { name: 'dashboard-e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
