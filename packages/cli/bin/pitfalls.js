#!/usr/bin/env node
// The built CLI does the work; this file only exists so npm can link a bin.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
