import { utilityProcess } from 'electron';
import { poolHostEntry } from '../core/infer/fork-pool-host.js';
import type { PoolHost } from '../core/infer/pool-host-protocol.js';

/**
 * Starts the inference host as an Electron utility process: a Chromium child with Node, the desktop counterpart of
 * fork-pool-host.ts (which the tests run). Only the transport differs: postMessage's structured clone, messages
 * queued until the child listens, and an exit code where child_process would name a signal.
 */
export function forkUtilityPoolHost(): PoolHost {
  const child = utilityProcess.fork(poolHostEntry(), [], { serviceName: 'Xuntu inference', stdio: 'inherit' });
  let exited = false;
  const ended = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    // Known once Chromium has started the process.
    get pid() {
      return child.pid;
    },
    post: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => child.once('exit', (code) => handler(`exited with code ${code}`)),
    terminate: async () => {
      if (!exited) child.kill();
      await ended;
    },
  };
}
