import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores on the runner: more workers only fight over them.
    maxWorkers: 2,
  },
})
