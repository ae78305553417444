/** The service's own tests: real HTTP on ephemeral ports, the AWS SDK and OAuth clients as callers. */
module.exports = {
  displayName: 'cognito-local',
  testEnvironment: 'node',
  // A few suites start the command itself, which bundles the sources first when they changed.
  testTimeout: 30000,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
