// Runs the `xuntu` CLI from source, for tests that need it in its own process (exit codes, kill -9):
//   node --import tsx test/helpers/run-cli.ts <args…>
import { main } from '../../main/core/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
