// Jest runs the TypeScript sources as ESM (execa 9 is ESM-only) through @swc/jest, so tests
// never depend on the TypeScript compiler API.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  testTimeout: 60_000,
  // Most suites wait on real processes (Temporal, git, agents, timers) rather than compute: on 2
  // cores three workers kept the CPU at 168% and took the suite from about 650 s to 477 s.
  maxWorkers: 3,
};
