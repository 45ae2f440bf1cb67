import type { HostRequest } from './pool-host-protocol.js';
import { servePool } from './serve-pool.js';

/**
 * Entry of the inference host process (remote-pool.ts): an InferencePool with its worker threads, away from the
 * process that holds the window and the database, so a native crash in ONNX Runtime ends only this process. Only the
 * link differs between the two ways it is started.
 */

/** Electron's process.parentPort, as far as used here; typed locally so the core does not depend on Electron. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as { parentPort?: ParentPort | null }).parentPort;
const send = process.send?.bind(process);
if (parentPort) {
  // utilityProcess.fork: messages arrive wrapped in a MessageEvent.
  servePool({
    post: (message) => parentPort.postMessage(message),
    onMessage: (handler) => parentPort.on('message', (event) => handler(event.data as HostRequest)),
  });
} else if (send) {
  // child_process.fork with 'advanced' serialization, so typed arrays arrive as typed arrays. A host whose parent is
  // gone would hold a model in memory for no one: it leaves with the IPC channel.
  process.on('disconnect', () => process.exit(0));
  servePool({
    post: (message) => send(message),
    onMessage: (handler) => process.on('message', (message) => handler(message as HostRequest)),
  });
} else {
  throw new Error('pool-host-process must be started by utilityProcess.fork or child_process.fork');
}
