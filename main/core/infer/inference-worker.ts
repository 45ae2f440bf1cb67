import { parentPort } from 'node:worker_threads';
import { serveInference } from './serve-inference.js';

/**
 * Entry of an inference worker thread (spawn-inference-worker.ts starts it). Only the link adapter is specific to
 * worker_threads; pool-host-process.ts adapts process.parentPort the same way for the whole pool.
 */
const port = parentPort;
if (!port) throw new Error('inference-worker must be started as a worker thread');
serveInference({
  post: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (handler) => port.on('message', handler),
});
