/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker per core minus one, i.e. one on this 2-core machine.
  maxWorkers: 2,
  // Hooks that synthesize several stacks and parse them (HCL, fullSynth) take 5 s on an idle
  // 2-core machine: Jest's 5 s default fails them on a loaded CI runner. A hung test still fails.
  testTimeout: 60_000,
  testMatch: ['**/__tests__/**/*.test.ts'],
  // isolatedModules in tsconfig.json makes ts-jest transpile only; `npm run typecheck` type-checks.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // On CDK Terrain (npm run framework -- terrain) `cdktf` is an alias of cdktn, and the provider
  // classes require `cdktn`, installed a second time: load the one instance, as the synth does.
  moduleNameMapper: { '^cdktn$': 'cdktf', '^cdktn/(.*)$': 'cdktf/$1' },
  // .stryker-tmp holds npm run mutate's sandboxes (copies of the repository), reports/ its output.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdktf.out', '<rootDir>/.stryker-tmp', '<rootDir>/reports'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/fast-stack-traces.js', '<rootDir>/__tests__/helpers/pinned-config-env.js'],
  reporters: ['default', '<rootDir>/__tests__/helpers/totals-reporter.js'],
};
