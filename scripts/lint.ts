// npm run lint [-- --provider <slug>]: `paycontracts lint`, the redocly.yaml rules over every spec; exits 1 on any
// error or warning.
import { runCli } from '../src/cli/program.js';

process.exit(await runCli(['lint', ...process.argv.slice(2)]));
