/** The simulator's own tests. */
module.exports = {
  displayName: 'alexa-simulator',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
