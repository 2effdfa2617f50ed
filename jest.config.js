/** Jest in ESM mode: run through `node --experimental-vm-modules` (see package.json scripts). */
import {existsSync} from 'node:fs'

// Scratch files on tmpfs where the machine has one (set before the workers start, which inherit
// it): the suite writes and fsyncs thousands of small files (exports, archives, locks, Chromium's
// profile), and on this machine's disk the fsyncs of three workers wait on one another. Measured:
// the archive, viewer and fault-matrix suites side by side, 33 s with /tmp, 26 s with /dev/shm.
if (!process.env.TMPDIR && existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm'

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
