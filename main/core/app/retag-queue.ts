import type { TaggingStatus } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError, errorMessage } from '../errors.js';
import { learnLabel } from '../tagging/label-adaptation.js';
import type { PromptEncoder } from '../tagging/label-prototypes.js';
import { listLabelSets } from '../tagging/label-set-store.js';
import { photosNeedingTags, tagPhotos } from '../tagging/retag-library.js';
import type { EventSink } from './app-events.js';

export interface RetagDeps {
  db: Db;
  emit: EventSink;
  /** The model tags are computed under (the search model) and its text tower; null when the library has none. */
  model(): Promise<{ modelId: string; encode: PromptEncoder } | null>;
  /** Prototypes changed (a label learned): cached scores are stale. */
  onLearned(): void;
}

/**
 * The app's background tagging, one step at a time so it never races itself: labels learn from new decisions, sets
 * whose definition or learning changed are re-tagged in full, and after indexing each set tags just the photos it
 * has not seen. Requests made while it runs are merged into the next round. Everything is from stored vectors.
 */
export class RetagQueue {
  private readonly learn = new Set<number>();
  private readonly full = new Set<number>();
  private newPhotos = false;
  private run: Promise<void> | undefined;
  private pendingSets = 0;
  private lastError: TaggingStatus['lastError'] = null;

  constructor(private readonly deps: RetagDeps) {}

  status(): TaggingStatus {
    return { state: this.run ? 'running' : 'idle', pendingSets: this.pendingSets, lastError: this.lastError };
  }

  /** Re-tags these sets in full (their labels, thresholds or what they learned changed). */
  retag(setIds: readonly number[]): void {
    setIds.forEach((id) => this.full.add(id));
    this.kick();
  }

  /** A decision on this label: it learns again, then its set is re-tagged. */
  learnAndRetag(labelId: number, setId: number): void {
    this.learn.add(labelId);
    this.full.add(setId);
    this.kick();
  }

  /** Photos were indexed: every set tags the photos it has no current tags for. */
  tagNewPhotos(): void {
    this.newPhotos = true;
    this.kick();
  }

  /** Resolves once nothing is queued or running (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.run) await this.run;
  }

  private kick(): void {
    if (this.run) return;
    this.lastError = null;
    this.run = this.drain()
      .catch((err: unknown) => {
        this.lastError = { code: err instanceof XuntuError ? err.code : 'TAGGING_FAILED', message: errorMessage(err) };
      })
      .finally(() => {
        this.run = undefined;
        this.pendingSets = 0;
        this.deps.emit('tagging.progress', this.status());
        // Asked for while the last round was finishing.
        if (this.learn.size > 0 || this.full.size > 0 || this.newPhotos) this.kick();
      });
    this.deps.emit('tagging.progress', this.status());
  }

  private async drain(): Promise<void> {
    const { db, emit } = this.deps;
    while (this.learn.size > 0 || this.full.size > 0 || this.newPhotos) {
      const learn = [...this.learn];
      const full = [...this.full];
      const newPhotos = this.newPhotos;
      this.learn.clear();
      this.full.clear();
      this.newPhotos = false;
      const model = await this.deps.model();
      // Without a model there is nothing to score with; the photos are tagged once one is chosen and indexed.
      if (!model) return;
      const { modelId, encode } = model;

      for (const labelId of learn) await learnLabel(db, labelId, modelId, encode).catch(skipDeleted);
      if (learn.length > 0) this.deps.onLearned();

      const sets = listLabelSets(db);
      const fullSets = sets.filter((s) => full.includes(s.id));
      const newSets = newPhotos ? sets.filter((s) => !full.includes(s.id)) : [];
      this.pendingSets = fullSets.length + newSets.length;
      let changed = learn.length > 0;
      const step = async (setId: number, photoIds?: number[]) => {
        this.deps.emit('tagging.progress', this.status());
        const r = await tagPhotos(db, { modelId, encodeTexts: encode, setIds: [setId], ...(photoIds && { photoIds }) });
        changed ||= r.added + r.updated + r.removed > 0;
        this.pendingSets--;
      };
      for (const set of fullSets) await step(set.id);
      for (const set of newSets) await step(set.id, photosNeedingTags(db, set, modelId));
      if (changed) emit('library.changed', { what: 'tags' });
    }
  }
}

/** A label deleted (with its set) after the decision was queued has nothing left to learn. */
function skipDeleted(err: unknown): void {
  if (!(err instanceof XuntuError && err.code === 'LABEL_NOT_FOUND')) throw err;
}
