/**
 * `npm test` runs every project: `unit` (test/unit: the skill in process with a fake user loader;
 * seconds), `integration` (the rest of test/: real HTTP servers, the local Cognito stand-in,
 * Chromium) and each workspace package's own tests. `npm run test:unit` runs only the first.
 * TypeScript runs through ts-jest in transpile-only mode (fast); `npm run typecheck` checks types.
 */
// The AWS SDK's Node 22 notice (eight lines on Node 20) in every suite's output says nothing about the tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};

module.exports = {
  testTimeout: 30000,
  // Two workers on two cores: most suites wait on child processes and sockets.
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
    },
    '<rootDir>/packages/cognito-local',
    '<rootDir>/packages/alexa-simulator',
  ],
};
