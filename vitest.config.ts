import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real kube-apiserver + etcd for the whole run (see docs/testing.md).
    globalSetup: ['./test/helpers/kube-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
