#!/usr/bin/env -S node --import tsx --disable-warning=ExperimentalWarning
// Runs the TypeScript sources directly (npm i -D tsx first); oclif maps dist/cli.js to src/cli.ts.
import {execute} from '@oclif/core/execute'

await execute({development: true, dir: import.meta.url})
