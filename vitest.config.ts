import { defineConfig } from 'vitest/config';

// Unit specs sit next to the code; integration tests drive real kubectl, etcdctl, containerd;
// e2e tests drive the UI in Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['main/**/*.spec.ts', 'agent/**/*.spec.ts', 'renderer/**/*.spec.ts', 'vm-images/**/*.spec.ts'], exclude: ['vm-images/out/**', 'node_modules/**'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      // the UI in real Chromium against a real lab (`k8s-lab up --ui`)
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
