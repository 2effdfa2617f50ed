/** Jest in ESM mode: run through `node --experimental-vm-modules` (see package.json scripts). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {jsc: {parser: {syntax: 'typescript'}, target: 'es2022'}, module: {type: 'es6'}}],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // Three workers on two cores: most of a test's time is spent waiting on the sandbox, a child
  // process or a timer, not computing (jest's default here would be one). Measured on this 2-core
  // machine: jest 99 s with 2 workers, 64 s with 3 (README, Development).
  maxWorkers: 3,
}
