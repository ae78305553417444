/**
 * Two projects: `unit` (test/unit: the skill in process with a fake user loader, pure modules; no
 * servers, seconds in all) and `integration` (everything else: real HTTP servers, the local identity
 * service, Chromium). `npm test` runs both, `npm run test:unit` only the first.
 * TypeScript runs through ts-jest in transpile-only mode (tsconfig's isolatedModules; fast);
 * `npm run typecheck` checks types.
 */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};

module.exports = {
  testTimeout: 30000,
  // Two workers on two cores: the deploy and integration suites spend most of their time waiting on
  // child processes and sockets, so the whole run takes about half as long as with jest's default of one.
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
    },
  ],
};
