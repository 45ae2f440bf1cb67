#!/usr/bin/env node
// The `xuntu` command: runs the compiled core CLI (npm run build writes out/).
import { main } from '../out/main/core/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
