import { parentPort } from 'node:worker_threads';
import { serveInference } from './serve-inference.js';

/**
 * Entry of an inference worker thread (spawn-inference-worker.ts starts it). Only the link adapter is specific to
 * worker_threads; an Electron utilityProcess host would adapt process.parentPort the same way.
 */
const port = parentPort;
if (!port) throw new Error('inference-worker must be started as a worker thread');
serveInference({
  post: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (handler) => port.on('message', handler),
});
