#!/usr/bin/env node
// The build (tsup) writes dist/cli.js; this shim only hands over to it.
import { main } from '../dist/cli.js';

process.exitCode = main(process.argv.slice(2));
