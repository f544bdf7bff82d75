// End-to-end tests in a real VS Code (code-server + Chromium); kept apart from the unit run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    // One workbench at a time: the machine has two cores and each session starts a browser,
    // code-server, an extension host and the language server.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
