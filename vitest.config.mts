import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/fault/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
