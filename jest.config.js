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
  // Two workers even on two cores: most of a command test's time is spent waiting on the sandbox
  // or a child process, not computing (jest's default here would be one).
  maxWorkers: 2,
}
