import type { TowerName } from '../clip/clip-engine.js';
import { XuntuError, errorMessage } from '../errors.js';
import type { LoadRequest, LoadedReply } from './infer-protocol.js';
import { spawnInferenceWorker } from './spawn-inference-worker.js';
import { WorkerConnection, WorkerExitedError } from './worker-connection.js';

/**
 * One place in the pool, held by one worker at a time: a worker that dies after loading is replaced by a fresh one
 * loading the same model. One that dies or fails while loading leaves the slot dead instead, so a model that kills
 * its worker on load cannot respawn forever.
 */
export class WorkerSlot {
  state: 'loading' | 'ready' | 'dead' = 'loading';
  /** Running a job (its retry included); the pool gives a slot one job at a time. */
  busy = false;
  conn: WorkerConnection;
  /** The current worker's load: true once it takes jobs, false if it could not load (the slot is then dead). */
  loaded: Promise<boolean>;
  /** What the last successful load reported. */
  reply: LoadedReply | undefined;
  /** Why the slot is dead. */
  failure: XuntuError | undefined;
  restarts = 0;
  private closing = false;

  constructor(
    readonly index: number,
    private readonly request: Omit<LoadRequest, 'seq'>,
    private readonly onChange: () => void,
  ) {
    this.conn = this.connect();
    this.loaded = this.boot(this.conn);
  }

  get towers(): readonly TowerName[] {
    return this.request.towers;
  }

  get idle(): boolean {
    return this.state === 'ready' && !this.busy;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.conn.close();
  }

  private connect(): WorkerConnection {
    const conn: WorkerConnection = new WorkerConnection(spawnInferenceWorker(), () => this.lost(conn));
    return conn;
  }

  private async boot(conn: WorkerConnection): Promise<boolean> {
    this.state = 'loading';
    try {
      this.reply = await conn.load(this.request);
      this.state = 'ready';
      return true;
    } catch (err) {
      this.state = 'dead';
      // A worker that died while loading says only that; an engine error keeps its code (MODEL_NOT_FOUND, …).
      const code = err instanceof WorkerExitedError || !(err instanceof XuntuError) ? 'INFERENCE_WORKER_FAILED' : err.code;
      const where = `inference worker ${this.index + 1} could not load the model in ${this.request.modelDir}`;
      this.failure = new XuntuError(code, `${where}: ${errorMessage(err)}`, { cause: err });
      await conn.close();
      return false;
    } finally {
      this.onChange();
    }
  }

  private lost(conn: WorkerConnection): void {
    if (this.closing || conn !== this.conn || this.state !== 'ready') return;
    this.restarts++;
    this.conn = this.connect();
    this.loaded = this.boot(this.conn);
  }
}
