import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import type { InferReply, InferRequest, MessageLink } from './infer-protocol.js';

/** The pool's end of one worker, whatever hosts it. */
export interface WorkerHost extends MessageLink<InferReply, InferRequest> {
  /** Called once when the worker is gone, with why in words: "exited with code 70", "threw: …". */
  onExit(handler: (reason: string) => void): void;
  /** Stops the worker; resolves once it is gone. */
  terminate(): Promise<void>;
}

/**
 * The compiled worker entry for this module at `moduleUrl`: the .js beside it, except in a packaged desktop app
 * (this module inside resources/app.asar). There the entry is the one-file bundle scripts/build-electron.mjs writes
 * to out/worker/, which electron-builder leaves unpacked in app.asar.unpacked beside the native onnxruntime-node, so
 * the thread never depends on asar support inside workers, long missing in Electron (electron/electron#22446).
 */
export function compiledWorkerEntry(moduleUrl: string): URL {
  const beside = new URL('./inference-worker.js', moduleUrl);
  if (!beside.pathname.includes('/app.asar/')) return beside;
  const bundled = new URL('../../../worker/inference-worker.mjs', moduleUrl);
  bundled.pathname = bundled.pathname.replace('/app.asar/', '/app.asar.unpacked/');
  return bundled;
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
