import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/tests/**/*.test.ts'],
    // Typed rule tests build TypeScript programs; the first one in a worker is slow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
