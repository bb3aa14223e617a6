#!/usr/bin/env node
// `node bin/run-ts.mjs file.ts args…`: runs a TypeScript entry point (benchmarks, tools) via tsx.
import { register } from 'tsx/esm/api'
import { pathToFileURL } from 'node:url'

register()
const [entry, ...rest] = process.argv.slice(2)
process.argv = [process.argv[0], entry, ...rest]
await import(pathToFileURL(entry).href)
