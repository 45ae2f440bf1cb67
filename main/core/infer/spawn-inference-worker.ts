import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { compiledEntry } from './compiled-entry.js';
import type { ChildLink, InferReply, InferRequest } from './infer-protocol.js';

/** The pool's end of one worker, whatever hosts it. */
export type WorkerHost = ChildLink<InferReply, InferRequest>;

/** The compiled worker entry for this module at `moduleUrl` (see compiledEntry). */
export function compiledWorkerEntry(moduleUrl: string): URL {
  return compiledEntry('inference-worker', moduleUrl);
}

/**
 * Under vitest or tsx this module is TypeScript and so is the entry. `execArgv: ['--import', 'tsx']` is not enough
 * on Node 20: tsx registers its loader hooks only on the main thread there (privatenumber/tsx#354), and the entry
 * fails with ERR_UNKNOWN_FILE_EXTENSION. So an evaluated two-line bootstrap registers tsx inside the worker, then
 * imports the entry. Compiled (out/), compiledWorkerEntry's file starts directly.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiledWorkerEntry(import.meta.url));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./inference-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** Starts an inference worker thread. */
export function spawnInferenceWorker(): WorkerHost {
  const worker = startWorker();
  // 'error' (an uncaught exception) comes just before 'exit' and says more than its exit code 1.
  let thrown: string | undefined;
  worker.on('error', (err) => (thrown = errorMessage(err)));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => worker.on('message', handler),
    onExit: (handler) => worker.once('exit', (code) => handler(thrown ? `threw: ${thrown}` : `exited with code ${code}`)),
    terminate: async () => {
      await worker.terminate();
    },
  };
}
