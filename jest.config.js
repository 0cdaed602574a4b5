// NestJS 12 is ESM-only, so the suite runs as native ESM (node --experimental-vm-modules)
// with TypeScript compiled by SWC; decorator metadata is needed for Nest's constructor injection.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/migrations', '<rootDir>/reports'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.property-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/bench/', '/test/reliability/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
