import type { Channel, LabelPreview, LabelSetInfo, LabelSetSaveResult, ParsedRequestOf, ReviewPage } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { searchModel } from '../models/active-model.js';
import { resetLabel } from '../tagging/label-adaptation.js';
import { labelPrototypes, zeroShotPrototypes } from '../tagging/label-prototypes.js';
import { LabelSetError, checkLabelSet } from '../tagging/label-set-schema.js';
import { parseLabelSetFile, serializeLabelSet } from '../tagging/label-set-file.js';
import {
  deleteLabelSet,
  ensureBuiltinLabelSets,
  getLabelSet,
  labelSetDefinition,
  listLabelSets,
  renameLabelSet,
  saveLabelSet,
} from '../tagging/label-set-store.js';
import { setTagDecision } from '../tagging/tag-store.js';
import { taggingModel } from '../tagging/tagging-model.js';
import type { EventSink } from './app-events.js';
import { LabelPreviewer, type PreviewPrototype } from './label-preview.js';
import { labelSetInfos, refused, savedResult, storedSetById } from './label-set-views.js';
import { RetagQueue } from './retag-queue.js';
import type { SearchRuntime } from './search-runtime.js';
import { labelPhotoPage, reviewPage } from './tag-review.js';

type Req<C extends Channel> = ParsedRequestOf<C>;

/**
 * The tagging channels over the open library: label sets and their editor, previews, the review queue and the
 * user's decisions. Every change that moves tags is answered at once and carried out by the RetagQueue in the
 * background, from stored vectors, under the search model; the text tower is the one search already runs.
 */
export class TaggingService {
  readonly queue: RetagQueue;
  private readonly previews: LabelPreviewer;

  constructor(
    private readonly db: Db,
    private readonly search: SearchRuntime,
    private readonly emit: EventSink,
  ) {
    // A new library starts with Xuntu's own sets, as the CLI's tagging commands give it.
    ensureBuiltinLabelSets(db);
    this.previews = new LabelPreviewer(db);
    this.queue = new RetagQueue({
      db,
      emit,
      model: async () => {
        const model = await searchModel(db);
        return model && { modelId: model.manifest.id, encode: search.promptEncoder(model) };
      },
      onLearned: () => this.previews.clear(),
    });
  }

  /** Indexing embedded photos (or the search model changed): tag what no set has tagged yet. */
  photosChanged(): void {
    this.previews.clear();
    this.queue.tagNewPhotos();
  }

  async list(): Promise<LabelSetInfo[]> {
    return labelSetInfos(this.db, await this.model());
  }

  async get({ id }: Req<'labelSets.get'>): Promise<LabelSetInfo> {
    storedSetById(this.db, id);
    return (await this.list()).find((s) => s.id === id)!;
  }

  /** Validated in full before anything is written; a rename and the new contents land in one transaction. */
  async save({ id, set }: Req<'labelSets.save'>): Promise<LabelSetSaveResult> {
    const checked = checkLabelSet(set);
    if (!checked.ok) return refused('LABEL_SET_INVALID', checked.issues);
    const def = checked.value;
    const db = this.db;
    const outcome = db.transaction(() => {
      const taken = getLabelSet(db, def.name);
      if (id === undefined ? taken : taken && taken.id !== id) {
        return refused('LABEL_SET_EXISTS', [{ path: ['name'], message: `a label set named "${def.name}" already exists` }]);
      }
      if (id !== undefined) renameLabelSet(db, storedSetById(db, id).name, def.name);
      return saveLabelSet(db, def);
    })();
    return 'saved' in outcome ? outcome : await this.saved(outcome);
  }

  async importFile({ text, fileName }: Req<'labelSets.import'>): Promise<LabelSetSaveResult> {
    let def;
    try {
      def = parseLabelSetFile(text, fileName);
    } catch (err) {
      if (err instanceof LabelSetError) return refused('LABEL_SET_INVALID', err.issues);
      throw err;
    }
    return await this.saved(saveLabelSet(this.db, def));
  }

  exportFile({ id, format }: Req<'labelSets.export'>): { fileName: string; text: string } {
    const set = storedSetById(this.db, id);
    return { fileName: `${set.name}.${format}`, text: serializeLabelSet(labelSetDefinition(set), format) };
  }

  delete({ id }: Req<'labelSets.delete'>): { removedDecisions: number } {
    const { removedDecisions } = deleteLabelSet(this.db, storedSetById(this.db, id).name);
    this.previews.clear();
    this.emit('library.changed', { what: 'tags' });
    return { removedDecisions };
  }

  async preview(request: Req<'labels.preview'>): Promise<LabelPreview> {
    const { model, index } = await this.search.vectors();
    const modelId = model.manifest.id;
    const tagging = taggingModel(this.db, modelId);
    const opts = { modelId, dim: tagging.dim, encode: this.search.promptEncoder(model) };
    let key: string;
    let prototype: () => Promise<PreviewPrototype>;
    if (request.labelId !== undefined) {
      const label = this.label(request.labelId);
      key = `label:${label.id}`;
      prototype = async () => {
        const [p] = await labelPrototypes(this.db, [label], opts);
        return { prototype: p!.prototype, exclusions: p!.exclusions, threshold: p!.threshold ?? tagging.defaultThreshold };
      };
    } else {
      // A label still being written in the editor: its text alone (it has learned nothing yet).
      const draft = { id: 0, setId: 0, position: 0, threshold: null, ...request.draft! };
      key = `draft:${JSON.stringify([draft.name, draft.phrasings, draft.exclusions])}`;
      prototype = async () => {
        const [p] = await zeroShotPrototypes(this.db, [draft], opts);
        return { prototype: p!.prototype, exclusions: p!.exclusions, threshold: tagging.defaultThreshold };
      };
    }
    return this.previews.preview(`${modelId}|${key}`, index, prototype, request);
  }

  reset({ labelId }: Req<'labels.reset'>): { forgotten: boolean } {
    const label = this.label(labelId);
    const forgotten = resetLabel(this.db, labelId) > 0;
    this.previews.clear();
    this.queue.retag([label.setId]);
    return { forgotten };
  }

  async review(request: Req<'tags.review'>): Promise<ReviewPage> {
    const model = await this.model();
    return model ? reviewPage(this.db, model, request) : { items: [], total: 0 };
  }

  decide({ photoIds, labelId, decision }: Req<'tags.decide'>): { changed: number } {
    const label = this.label(labelId);
    const changed = setTagDecision(this.db, photoIds, labelId, decision);
    this.emit('library.changed', { what: 'tags' });
    if (changed > 0) this.queue.learnAndRetag(labelId, label.setId);
    return { changed };
  }

  byLabel(request: Req<'tags.byLabel'>) {
    return labelPhotoPage(this.db, request);
  }

  private async saved(result: ReturnType<typeof saveLabelSet>): Promise<LabelSetSaveResult> {
    if (result.changed) {
      this.previews.clear();
      // A reworded label forgot what it learned (the store drops it); it learns again from the user's recorded
      // corrections, as the CLI's retagEditedSet does, before its set is re-tagged.
      for (const label of result.set.labels) if (result.updated.includes(label.name)) this.queue.learnAndRetag(label.id, result.set.id);
      this.queue.retag([result.set.id]);
      this.emit('library.changed', { what: 'tags' });
    }
    const info = labelSetInfos(this.db, await this.model()).find((s) => s.id === result.set.id)!;
    return savedResult(result, info);
  }

  private label(labelId: number) {
    const label = listLabelSets(this.db)
      .flatMap((s) => s.labels)
      .find((l) => l.id === labelId);
    if (!label) throw new XuntuError('LABEL_NOT_FOUND', `no label with id ${labelId}`);
    return label;
  }

  private async model(): Promise<{ id: string; defaultThreshold: number } | null> {
    const model = await searchModel(this.db);
    return model && { id: model.manifest.id, defaultThreshold: taggingModel(this.db, model.manifest.id).defaultThreshold };
  }
}
