// npm run build [-- --provider <slug>]: `paycontracts build`, i.e. lint → bundle → types → JSON Schemas →
// validators → Postman → docs, in one process.
import { runCli } from '../src/cli/program.js';

process.exit(await runCli(['build', ...process.argv.slice(2)]));
