/** The slow suites (a killed and restarted Neo4j, bulk imports, batch-equals-one-by-one) run in their own project: `npm run test:quick` skips them. */
const SLOW = ['<rootDir>/test/integration/faults.int.test.ts', '<rootDir>/test/integration/import.int.test.ts', '<rootDir>/test/integration/batch-matching.int.test.ts', '<rootDir>/test/integration/webhooks.int.test.ts'];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/support/setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'quick', testPathIgnorePatterns: ['/node_modules/', ...SLOW.map((p) => p.replace('<rootDir>', ''))] },
    { ...shared, displayName: 'slow', testMatch: SLOW },
  ],
};
