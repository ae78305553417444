/** The service's own tests: real HTTP on ephemeral ports, the AWS SDK and OAuth clients as callers. */
module.exports = {
  displayName: 'cognito-local',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
