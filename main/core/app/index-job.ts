import type { IndexRunSummary, IndexStatus } from '../../common/ipc-contract.js';
import { XuntuError, errorMessage } from '../errors.js';
import { indexLibrary, type IndexOptions, type IndexProgress, type IndexSummary } from '../indexer/index-library.js';
import type { Library } from '../library/library.js';
import type { EventSink } from './app-events.js';
import { throttle } from './app-events.js';

/** Progress pushes per second at most, and how often "photos changed" may make the grid refetch. */
const PROGRESS_MS = 250;
const PHOTOS_CHANGED_MS = 1000;

export interface IndexJobDeps {
  library: Library;
  emit: EventSink;
  /** The embedder for this run (the active model under the user's settings) and its release; null: thumbnails only. */
  startEmbedder(): Promise<{ embedder: NonNullable<IndexOptions['embedder']>; close(): Promise<void>; provider: string | undefined } | null>;
  /** Called after each run, finished or not: the vectors and maybe the search model changed. */
  onRunEnd(): void;
  /** Called when a run has stored and embedded every photo, before its previews are made. */
  onSearchable?(): void;
}

/**
 * The library's one indexing run at a time. Pause aborts the run, which stops after the batch being written is
 * committed (the indexer's guarantee); resume simply runs again, and the indexer skips what is already done.
 */
export class IndexJob {
  private state: IndexStatus['state'] = 'idle';
  private progress: IndexProgress | undefined;
  private processStart: { at: number; done: number } | undefined;
  private last: IndexRunSummary | null = null;
  private lastError: IndexStatus['lastError'] = null;
  private abort: AbortController | undefined;
  private run: Promise<void> | undefined;
  /** The provider the image tower ran on in the latest run. */
  provider: string | null = null;
  private readonly pushProgress = throttle(() => this.deps.emit('index.progress', this.status()), PROGRESS_MS);
  private readonly pushPhotos = throttle(() => this.deps.emit('library.changed', { what: 'photos' }), PHOTOS_CHANGED_MS);

  constructor(private readonly deps: IndexJobDeps) {}

  status(): IndexStatus {
    const p = this.progress;
    const active = this.state === 'running' || this.state === 'pausing';
    let rate: number | null = null;
    let etaSeconds: number | null = null;
    if (active && p?.phase === 'process' && this.processStart) {
      const seconds = (Date.now() - this.processStart.at) / 1000;
      const done = p.done - this.processStart.done;
      if (seconds >= 1 && done > 0) {
        rate = done / seconds;
        etaSeconds = Math.round((p.total - p.done) / rate);
      }
    }
    return {
      state: this.state,
      phase: active ? (p?.phase ?? 'scan') : null,
      total: active ? (p?.total ?? 0) : 0,
      done: active ? (p?.done ?? 0) : 0,
      failed: active ? (p?.failed ?? 0) : 0,
      rate,
      etaSeconds,
      last: this.last,
      lastError: this.lastError,
    };
  }

  /** Starts a run unless one is under way (a run being paused is left to finish pausing). */
  start(): IndexStatus {
    if (this.run) return this.status();
    this.abort = new AbortController();
    this.state = 'running';
    this.progress = undefined;
    this.processStart = undefined;
    this.lastError = null;
    this.run = this.execute(this.abort.signal).finally(() => {
      this.run = undefined;
      this.abort = undefined;
      this.pushProgress.cancel();
      this.pushPhotos.flush();
      this.deps.onRunEnd();
      this.deps.emit('index.progress', this.status());
    });
    this.deps.emit('index.progress', this.status());
    return this.status();
  }

  pause(): IndexStatus {
    if (this.state === 'running') {
      this.state = 'pausing';
      this.abort?.abort();
      this.deps.emit('index.progress', this.status());
    }
    return this.status();
  }

  resume(): IndexStatus {
    return this.state === 'pausing' ? this.status() : this.start();
  }

  /** Stops a run and waits until its last batch is committed (for shutdown). */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.run;
  }

  private async execute(signal: AbortSignal): Promise<void> {
    let embedding: Awaited<ReturnType<IndexJobDeps['startEmbedder']>> = null;
    try {
      embedding = await this.deps.startEmbedder();
      this.provider = embedding?.provider ?? this.provider;
      if (signal.aborted) return this.finish(null);
      const summary = await indexLibrary(this.deps.library, {
        signal,
        ...(embedding && { embedder: embedding.embedder }),
        onProgress: (p) => this.onProgress(p),
        onSearchable: async () => this.deps.onSearchable?.(),
      });
      this.finish(summary);
    } catch (err) {
      this.lastError = { code: err instanceof XuntuError ? err.code : 'INDEX_FAILED', message: errorMessage(err) };
      this.state = 'idle';
    } finally {
      await embedding?.close();
    }
  }

  private finish(summary: IndexSummary | null): void {
    // A pause that came too late to stop anything leaves a finished run.
    this.state = (summary ? summary.interrupted : this.state === 'pausing') ? 'paused' : 'idle';
    if (!summary) return;
    this.last = {
      added: summary.added, updated: summary.updated, unchanged: summary.unchanged, moved: summary.moved,
      missing: summary.missing, restored: summary.restored, failed: summary.failed, embedded: summary.embedded,
      interrupted: summary.interrupted, durationMs: summary.durationMs, finishedAt: Date.now(),
    };
  }

  private onProgress(p: IndexProgress): void {
    if (p.phase === 'process' && this.progress?.phase !== 'process') this.processStart = { at: Date.now(), done: p.done };
    const committedMore = p.phase === 'process' && p.done > (this.progress?.done ?? 0);
    this.progress = p;
    this.pushProgress();
    if (committedMore) this.pushPhotos();
  }
}
