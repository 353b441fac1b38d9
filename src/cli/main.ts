#!/usr/bin/env node
// The `paycontracts` command. Every command is in its own file next to this one.
import { runCli } from './program.js';

process.exit(await runCli(process.argv.slice(2)));
