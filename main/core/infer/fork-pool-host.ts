import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../errors.js';
import { compiledEntry } from './compiled-entry.js';
import type { PoolHost } from './pool-host-protocol.js';

/**
 * The host process's entry file: pool-host-process beside this module (its .ts under vitest or tsx), or the unpacked
 * bundle in a packaged app (see compiledEntry). Electron's adapter starts the same file.
 */
export function poolHostEntry(moduleUrl: string = import.meta.url): string {
  if (moduleUrl.endsWith('.ts')) return fileURLToPath(new URL('./pool-host-process.ts', moduleUrl));
  return fileURLToPath(compiledEntry('pool-host-process', moduleUrl));
}

/**
 * Starts the host as a Node child process. 'advanced' serialization is the structured clone a utilityProcess uses
 * too: a Float32Array arrives as one, not as JSON. Under vitest or tsx the entry is TypeScript, which a child
 * process (unlike a worker thread on Node 20) loads with tsx's --import hook.
 */
export function forkPoolHost(): PoolHost {
  const entry = poolHostEntry();
  const child = fork(entry, [], { serialization: 'advanced', execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [] });
  let gone: string | undefined;
  const exitHandlers: ((reason: string) => void)[] = [];
  const exited = (reason: string) => {
    if (gone !== undefined) return;
    gone = reason;
    for (const handler of exitHandlers) handler(reason);
  };
  child.once('exit', (code, signal) => exited(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  // A process that never started emits 'error' and no 'exit'; a message to a dead one emits 'error' too, after 'exit'.
  child.on('error', (err) => child.pid === undefined && exited(`could not start: ${errorMessage(err)}`));
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => {
      if (gone === undefined) child.send(message);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => exitHandlers.push(handler),
    terminate: async () => {
      if (gone !== undefined) return;
      const ended = new Promise<void>((resolve) => exitHandlers.push(() => resolve()));
      child.kill();
      await ended;
    },
  };
}
