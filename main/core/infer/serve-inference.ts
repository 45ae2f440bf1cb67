import { ClipEngine } from '../clip/clip-engine.js';
import { XuntuError, errorMessage } from '../errors.js';
import type { ImagesRequest, InferReply, InferRequest, MessageLink } from './infer-protocol.js';

/** Exit code of a simulated crash, so a test can tell it from a real one in the pool's reason. */
export const TEST_CRASH_EXIT_CODE = 70;

/**
 * Test hook for the pool's crash handling: with XUNTU_TEST_CRASH=1 in the worker's environment, a batch tagged
 * '__crash__' kills the worker every time and '__crash_once__' only on its first attempt. Exiting, rather than
 * throwing, is what a native crash in ONNX Runtime looks like from the pool; without the variable tags are inert.
 */
function crashIfAsked(request: ImagesRequest): void {
  if (process.env.XUNTU_TEST_CRASH !== '1') return;
  const asked = request.tags.some((tag) => tag === '__crash__' || (tag === '__crash_once__' && request.attempt === 0));
  if (asked) process.exit(TEST_CRASH_EXIT_CODE);
}

/**
 * The worker side of the pool: one ClipEngine, fed by requests from `link`. Requests are handled strictly one after
 * another: a run already occupies this worker's intra-op threads, and 'close' must come after the runs sent before it.
 */
export function serveInference(link: MessageLink<InferRequest, InferReply>): void {
  let engine: ClipEngine | undefined;
  const loaded = (): ClipEngine => {
    if (!engine) throw new XuntuError('INFERENCE_NOT_LOADED', 'the inference worker was asked to run before loading a model');
    return engine;
  };

  async function handle(request: InferRequest): Promise<void> {
    try {
      switch (request.type) {
        case 'load': {
          const { modelDir, providers, intraOpThreads, towers } = request;
          engine = await ClipEngine.load({ modelDir, intraOpThreads, towers, ...(providers ? { providers } : {}) });
          link.post({ type: 'loaded', seq: request.seq, manifest: engine.manifest, providers: engine.providers, providerFallbacks: engine.providerFallbacks });
          break;
        }
        case 'images': {
          crashIfAsked(request);
          const vectors = await loaded().embedImages(request.pixels, request.count);
          link.post({ type: 'vectors', seq: request.seq, vectors }, [vectors.buffer as ArrayBuffer]);
          break;
        }
        case 'texts': {
          const vectors = await loaded().embedTexts(request.texts);
          link.post({ type: 'vectors', seq: request.seq, vectors }, [vectors.buffer as ArrayBuffer]);
          break;
        }
        case 'close':
          await engine?.close();
          engine = undefined;
          link.post({ type: 'closed', seq: request.seq });
          break;
      }
    } catch (err) {
      const code = err instanceof XuntuError ? err.code : 'INFERENCE_FAILED';
      link.post({ type: 'failed', seq: request.seq, code, message: errorMessage(err) });
    }
  }

  let queue = Promise.resolve();
  link.onMessage((request) => {
    queue = queue.then(() => handle(request));
  });
}
