import { XuntuError, errorMessage } from '../errors.js';
import type { MessageLink } from './infer-protocol.js';
import { InferencePool } from './inference-pool.js';
import type { HostReply, HostRequest } from './pool-host-protocol.js';

/**
 * The host process's side of a RemotePool: one InferencePool, fed by requests from `link`. Unlike a worker, the host
 * serves requests concurrently: its pool queues and batches them, and the client already bounds how many are in
 * flight. The client sends nothing before 'start' is answered, and 'close' lets the pool finish its current runs.
 */
export function servePool(link: MessageLink<HostRequest, HostReply>): void {
  let pool: InferencePool | undefined;
  const started = (): InferencePool => {
    if (!pool) throw new XuntuError('INFERENCE_NOT_LOADED', 'the inference process was asked to run before loading a model');
    return pool;
  };

  async function handle(request: HostRequest): Promise<void> {
    const { seq } = request;
    try {
      switch (request.type) {
        case 'start':
          pool = await InferencePool.start(request.options);
          link.post({ type: 'started', seq, manifest: pool.manifest, info: pool.info });
          break;
        case 'image':
          link.post({ type: 'vectors', seq, vectors: await started().embedImage(request.pixels, request.tag) });
          break;
        case 'texts':
          link.post({ type: 'vectors', seq, vectors: await started().embedTexts(request.texts) });
          break;
        case 'close':
          await pool?.close();
          link.post({ type: 'closed', seq });
          break;
      }
    } catch (err) {
      const code = err instanceof XuntuError ? err.code : 'INFERENCE_FAILED';
      link.post({ type: 'failed', seq, code, message: errorMessage(err) });
    }
  }

  link.onMessage((request) => void handle(request));
}
