/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  // isolatedModules in tsconfig.json makes ts-jest transpile only; `npm run typecheck` type-checks.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdktf.out'],
  reporters: ['default', '<rootDir>/__tests__/helpers/totals-reporter.js'],
};
