#!/usr/bin/env node
// The `paycontracts` command. Every command is in its own file next to this one.
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
// Exit only once what was written has been flushed: a piped stdout is written asynchronously, and exiting at once
// would cut off output past the pipe's buffer (64 KiB).
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
