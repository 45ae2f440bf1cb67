#!/usr/bin/env node
// The `xuntu` command: runs the compiled core CLI (npm run build writes out/).
import { main } from '../out/main/core/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A decode that hit its time limit may still hold a libvips thread that cannot be cancelled; it must not keep a
// finished command alive. Unref'd: a process with nothing left to do exits at once, as usual.
setTimeout(() => process.exit(code), 2000).unref();
