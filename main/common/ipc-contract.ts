import { z } from 'zod';

/**
 * The one contract between the UI and the core. Electron's main process registers a handler per channel, the
 * preload exposes exactly these channels, the loopback bridge (`xuntu serve`) serves the same map over HTTP, and the
 * renderer imports the types only. Every request is parsed with its schema before anything runs; responses are
 * plain JSON (no Dates, Maps or typed arrays) so both transports carry them unchanged.
 *
 * Electron-free and Node-free on purpose: it is bundled into the preload and type-imported by the renderer.
 */

// ─── Shared request pieces ─────────────────────────────────────────────────────────────────────────────────────────

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (inclusive bounds, as `xuntu list --from/--to`). */
const dateBound = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
/** Folders and roots cross as absolute paths: POSIX '/…', Windows 'C:\…' or a UNC '\\server\share'. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path')
  .refine((p) => !p.includes('\0'), 'no NUL characters');
const photoId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** The manifest's id alphabet: no separators, no leading dot, so an id can never name a path. */
const modelName = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(200);
const empty = z.object({}).strict();

const labelId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const photoFilters = {
  folder: absolutePath.optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
  /** Only photos carrying every one of these labels (suggested or confirmed; a rejected tag never counts). */
  labelIds: z.array(labelId).min(1).max(50).optional(),
  /** Case-insensitive: a CameraCount's `camera`, or a make or a model alone ('canon' → every Canon). */
  camera: z.string().trim().min(1).max(200).optional(),
};

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ProviderSetting = (typeof PROVIDERS)[number];
export const THUMBNAIL_KINDS = ['grid', 'preview'] as const;
export type ThumbnailKind = (typeof THUMBNAIL_KINDS)[number];

// ─── Response types ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ModelRef {
  id: string;
  dir: string;
  dim: number;
}

export interface AppInfo {
  version: string;
  language: Language;
  libraryDir: string;
  modelsDir: string;
  /** The model new photos are embedded with, */
  activeModel: ModelRef | null;
  /** and the one search uses (the previous model until the active one has embedded every photo). */
  searchModel: ModelRef | null;
  provider: {
    setting: ProviderSetting;
    /** What the image tower really ran on in the last indexing run, as onnxruntime reports it; null before one. */
    actual: string | null;
  };
  /** What the host can do beyond the contract: the bridge cannot reveal files in the OS file manager. */
  features: { showInFolder: boolean; pickFolder: boolean };
}

export interface Settings {
  language: Language;
  /** Inference threads in all; null = chosen from the machine's cores. */
  threads: number | null;
  provider: ProviderSetting;
}

export interface RootInfo {
  path: string;
  /** 'offline': the folder is not there (an unplugged drive); its photos are kept, marked missing. */
  status: 'ok' | 'offline';
  photos: number;
  missing: number;
  /** Epoch ms of the last scan; null before the first. */
  lastScanAt: number | null;
}

export interface LibraryStatus {
  photos: number;
  missing: number;
  errors: number;
  /** Present photos with a vector of the search model. */
  embedded: number;
  roots: RootInfo[];
}

/** One camera of the library's present photos, for the camera filter. */
export interface CameraCount {
  /** What to show and what to filter by (library.photos, search.text `camera`): make and model, the make once. */
  camera: string;
  make: string | null;
  model: string | null;
  count: number;
}

export interface TimelineBucket {
  year: number;
  /** 1–12. */
  month: number;
  count: number;
  /** Index of the bucket's first photo in library.photos' order with the same filters (for the scrubber). */
  offset: number;
}

export interface Timeline {
  /** Newest first, the order of the grid. */
  buckets: TimelineBucket[];
  /** Photos without a capture date; the grid lists them last. */
  undated: number;
  total: number;
}

/** One cell of the grid: enough to lay out and draw it (thumbnails are fetched by content hash). */
export interface GridPhoto {
  id: number;
  hash: string;
  width: number;
  height: number;
  /** ISO 8601 local wall-clock time, with its UTC offset when known. */
  takenAt: string | null;
  path: string;
  status: 'present' | 'missing';
  /** The 1280 px preview is in the cache; until then (an index run still making previews) show the grid image. */
  previewReady: boolean;
}

export interface PhotoPage {
  offset: number;
  photos: GridPhoto[];
  /** All photos matching the filters. */
  total: number;
}

export interface PhotoTag {
  labelId: number;
  label: string;
  setId: number;
  /** The label set's name. */
  set: string;
  /** 'auto': suggested by the model; 'confirmed' / 'rejected': the user's word, never overwritten. */
  source: 'auto' | 'confirmed' | 'rejected';
  /** The model's score, kept when the user decides; null for tags the user added. */
  score: number | null;
}

export interface PhotoDetail extends GridPhoto {
  folder: string;
  fileName: string;
  format: string;
  /** Bytes. */
  size: number;
  /** Epoch ms of the file's last modification. */
  mtimeMs: number;
  takenSource: string;
  camera: { make: string | null; model: string | null; lens: string | null };
  gps: { lat: number; lon: number; alt: number | null } | null;
  orientation: number | null;
  addedAt: number;
  /** Whether the search model has a vector for this photo (similar-photo search needs one). */
  embedded: boolean;
  /** Confirmed first, then suggestions by score, rejections last. */
  tags: PhotoTag[];
}

export interface TimeChip {
  /** Exactly the characters of the query this chip stands for, and where they start (UTF-16): removing the chip
   *  removes this occurrence and re-runs the search. */
  text: string;
  start: number;
  label: Bilingual;
  kind: 'absolute' | 'relative' | 'season' | 'festival' | 'weekday';
  from: string;
  to: string;
}

export interface SearchHit {
  photo: GridPhoto;
  /** Cosine similarity; null when the query held only time words (nothing to rank by). */
  score: number | null;
}

export interface SearchResult {
  hits: SearchHit[];
  chips: TimeChip[];
  /** What was searched by image content after the time words were taken out. */
  text: string;
  /** The time filters share no day (「2023年 2024年」): nothing can match. */
  contradictory: boolean;
}

export interface DuplicateGroup {
  /** The one to keep (largest, then oldest). */
  best: number;
  photos: GridPhoto[];
}

export interface IndexRunSummary {
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
  missing: number;
  restored: number;
  failed: number;
  embedded: number;
  /** Stopped by pause (or shutdown) after a committed batch; index.resume continues. */
  interrupted: boolean;
  durationMs: number;
  finishedAt: number;
}

export interface IndexStatus {
  /** 'pausing': asked to stop, finishing the batch in hand. */
  state: 'idle' | 'running' | 'pausing' | 'paused';
  phase: 'scan' | 'process' | null;
  /** Files found (scan) or to process (process), and done / failed of those. */
  total: number;
  done: number;
  failed: number;
  /** Photos per second over the process phase so far, and the seconds left at that rate; null until measurable. */
  rate: number | null;
  etaSeconds: number | null;
  /** The run before this one (or the one just finished). */
  last: IndexRunSummary | null;
  /** The error that ended the last run early (no model files, library gone…); null when it ran to its end. */
  lastError: { code: string; message: string } | null;
}

export interface IndexErrorItem {
  path: string;
  stage: string;
  code: string;
  /** In the UI's language, with the decoder's own words appended. */
  reason: string;
  at: number;
}

export interface CatalogModel {
  id: string;
  name: Bilingual;
  description: Bilingual;
  dim: number;
  license: string;
  homepage: string;
  variants: { id: string; approxBytes: number | null }[];
  defaultVariant: string;
  default: boolean;
  /** False for import-only models (no published ONNX export). */
  downloadable: boolean;
  installed: string[];
}

export interface InstalledModelInfo {
  id: string;
  variant: string;
  dir: string;
  manifestId: string | null;
  dim: number | null;
  active: boolean;
  /** Why the folder cannot be used (manifest missing or invalid). */
  problem: string | null;
}

export interface ModelFetchProgress {
  id: string;
  variant: string;
  file: string;
  /** The file's position among the variant's files (0-based) and their number. */
  index: number;
  count: number;
  received: number;
  total: number | null;
}

export interface ModelsInfo {
  modelsDir: string;
  catalog: CatalogModel[];
  installed: InstalledModelInfo[];
  active: ModelRef | null;
  search: ModelRef | null;
  /** The download in progress, if any. */
  fetching: ModelFetchProgress | null;
}

export interface InstalledResult {
  id: string;
  variant: string;
  dir: string;
  /** True when an intact install was already there and nothing was downloaded. */
  alreadyInstalled: boolean;
  /** Whether it became the library's model (re-indexing then embeds every photo with it). */
  active: boolean;
}

// ─── Tagging ────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface LabelTagCounts {
  auto: number;
  confirmed: number;
  rejected: number;
}

export interface LabelInfo {
  id: number;
  name: string;
  phrasings: string[];
  exclusions: string[];
  /** The label's own threshold; null: the model's default. */
  threshold: number | null;
  /** What tagging applies under the search model now: learned from decisions, else the label's own, else the default. */
  effectiveThreshold: number | null;
  /** Whether the label has learned from the user's decisions under the search model (labels.reset forgets it). */
  learned: boolean;
  counts: LabelTagCounts;
}

export interface LabelSetInfo {
  id: number;
  name: string;
  description: string | null;
  exclusive: boolean;
  builtin: boolean;
  version: number;
  labels: LabelInfo[];
}

/** A label set as the editor and files write it (no ids): what labelSets.save takes and labelSets.export writes. */
export interface LabelSetDraft {
  name: string;
  description: string | null;
  exclusive: boolean;
  labels: { name: string; phrasings: string[]; exclusions: string[]; threshold: number | null }[];
}

/** One problem with a label set, placed so the editor can show it beside its field. */
export interface LabelSetIssueInfo {
  /** ['labels', 3, 'threshold']; [] for the set as a whole. */
  path: (string | number)[];
  /** The path as a user reads it: `labels[3].threshold`. */
  field: string;
  /** In English, without the field. */
  message: string;
  /** 1-based, for imported files. */
  line: number | null;
  column: number | null;
}

/**
 * A refused label set is an answer, not a failure: the editor needs the issue list beside its fields, which the
 * envelope's one message cannot carry. `code` is the same stable code the CLI reports.
 */
export type LabelSetSaveResult =
  | {
      saved: true;
      set: LabelSetInfo;
      /** False when the set already said exactly this (nothing re-tagged). */
      changed: boolean;
      created: boolean;
      added: string[];
      removed: string[];
      updated: string[];
      /** The user's decisions that went with removed labels. */
      removedDecisions: number;
    }
  | { saved: false; code: 'LABEL_SET_INVALID' | 'LABEL_SET_EXISTS'; issues: LabelSetIssueInfo[] };

export interface ScoredPhoto {
  photo: GridPhoto;
  score: number;
}

export interface LabelPreview {
  /** The threshold the counts are for (the request's, else what the label applies now). */
  threshold: number;
  /** Photos scored (present, with a vector of the search model), and those at or above the threshold. */
  total: number;
  passing: number;
  /** Photos closer to one of the label's exclusions than to the label: never tagged, whatever the threshold. */
  excluded: number;
  /** The passing photos nearest the threshold (the ones a small drag lets in or out), lowest score first, */
  justAbove: ScoredPhoto[];
  /** and the best of those that miss it, highest score first. */
  justBelow: ScoredPhoto[];
  /** Score distribution of the non-excluded photos: `counts[i]` photos in [min + i·step, min + (i+1)·step). */
  histogram: { min: number; step: number; counts: number[] };
}

export interface ReviewItem {
  photo: GridPhoto;
  labelId: number;
  label: string;
  setId: number;
  set: string;
  score: number;
  /** What the score is compared with: the label's threshold, or ½ in an exclusive set (a probability). */
  threshold: number;
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Suggestions without a decision, in all (for the progress count). */
  total: number;
}

export interface LabelPhoto {
  photo: GridPhoto;
  source: PhotoTag['source'];
  score: number | null;
}

export interface LabelPhotoPage {
  offset: number;
  photos: LabelPhoto[];
  total: number;
}

export interface TaggingStatus {
  /** Re-tagging from stored vectors (after a label-set edit, a decision, or indexing) is under way. */
  state: 'idle' | 'running';
  /** Label sets left in this run. */
  pendingSets: number;
  /** Why the last run stopped early (no model, …); null when it ran to its end. */
  lastError: { code: string; message: string } | null;
}

// ─── Channels ───────────────────────────────────────────────────────────────────────────────────────────────────────

const setId = labelId;
const threshold = z.number().min(-1).max(1);
/**
 * The editor's label set, checked for shape only: the rules (non-empty names, thresholds in [-1, 1], duplicates…)
 * are the core's (label-set-schema.ts), which answers them as issues placed beside their fields.
 */
const draftText = z.string().max(1000);
const draftList = z.array(draftText).max(500);
const labelSetDraft = z
  .object({
    name: draftText,
    description: z.string().max(10_000).nullable(),
    exclusive: z.boolean(),
    labels: z
      .array(
        z
          .object({ name: draftText, phrasings: draftList, exclusions: draftList, threshold: z.number().min(-10).max(10).nullable() })
          .strict(),
      )
      .max(2000),
  })
  .strict();
const page = {
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(500),
};

/** The response type rides along as a type only; at run time the field is undefined. */
const returns = <T>() => undefined as unknown as T;

export const channels = {
  'app.info': { request: empty, response: returns<AppInfo>() },

  'settings.get': { request: empty, response: returns<Settings>() },
  'settings.set': {
    request: z
      .object({
        language: z.enum(LANGUAGES).optional(),
        threads: z.number().int().min(1).max(256).nullable().optional(),
        provider: z.enum(PROVIDERS).optional(),
      })
      .strict(),
    response: returns<Settings>(),
  },

  'roots.list': { request: empty, response: returns<RootInfo[]>() },
  /** Adds a folder (it must exist); index.start then indexes it. */
  'roots.add': { request: z.object({ path: absolutePath }).strict(), response: returns<RootInfo[]>() },
  /** Forgets a folder and its photos' records (tags included); the files themselves are never touched. */
  'roots.remove': { request: z.object({ path: absolutePath }).strict(), response: returns<RootInfo[]>() },

  'library.status': { request: empty, response: returns<LibraryStatus>() },
  /** Distinct cameras of the present photos, most photos first (photos without camera metadata are not listed). */
  'library.cameras': { request: empty, response: returns<CameraCount[]>() },
  'library.timeline': { request: z.object(photoFilters).strict(), response: returns<Timeline>() },
  'library.photos': {
    request: z
      .object({
        offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        limit: z.number().int().min(1).max(2000),
        ...photoFilters,
      })
      .strict(),
    response: returns<PhotoPage>(),
  },
  'photo.detail': { request: z.object({ id: photoId }).strict(), response: returns<PhotoDetail>() },

  'search.text': {
    request: z
      .object({
        text: z.string().trim().min(1).max(500),
        ...photoFilters,
        limit: z.number().int().min(1).max(1000).optional(),
        sort: z.enum(['score', 'date']).optional(),
      })
      .strict(),
    response: returns<SearchResult>(),
  },
  /** 以图搜图: photos like this one (never itself), by its stored vector. */
  'search.similar': {
    request: z
      .object({
        id: photoId,
        ...photoFilters,
        limit: z.number().int().min(1).max(1000).optional(),
        sort: z.enum(['score', 'date']).optional(),
      })
      .strict(),
    response: returns<SearchHit[]>(),
  },
  'search.duplicates': {
    request: z.object({ threshold: z.number().gt(0).max(1).optional() }).strict(),
    response: returns<DuplicateGroup[]>(),
  },

  /** Starts indexing every root (a no-op when a run is under way) and answers at once; progress comes as events. */
  'index.start': { request: empty, response: returns<IndexStatus>() },
  /** Stops after the batch being written is committed; nothing done is lost. */
  'index.pause': { request: empty, response: returns<IndexStatus>() },
  /** Runs again; unchanged files are skipped, so it carries on where the pause left it. */
  'index.resume': { request: empty, response: returns<IndexStatus>() },
  'index.status': { request: empty, response: returns<IndexStatus>() },

  'errors.list': { request: empty, response: returns<IndexErrorItem[]>() },

  'models.list': { request: empty, response: returns<ModelsInfo>() },
  /** Makes an installed model the library's; without a variant, the catalog's default one when installed. */
  'models.use': {
    request: z.object({ id: modelName, variant: modelName.optional() }).strict(),
    response: returns<ModelsInfo>(),
  },
  /** Installs a model from a folder on this machine (OFA-Sys, Hugging Face export or Xuntu layout). */
  'models.import': {
    request: z
      .object({
        folder: absolutePath,
        variant: modelName.optional(),
        /** vocab.txt or tokenizer.json, for exports that ship none (OFA-Sys). */
        vocab: absolutePath.optional(),
        use: z.boolean().optional(),
      })
      .strict(),
    response: returns<InstalledResult>(),
  },
  /** Downloads a catalog model (resumable, checksummed); answers when done, with models.fetchProgress on the way. */
  'models.fetch': {
    request: z
      .object({
        id: modelName,
        variant: modelName.optional(),
        source: z.enum(['auto', 'huggingface', 'modelscope']).optional(),
        endpoint: z.url({ protocol: /^https?$/ }).max(2000).optional(),
        use: z.boolean().optional(),
      })
      .strict(),
    response: returns<InstalledResult>(),
  },
  /** Stops the download in progress; what was downloaded is kept and a later fetch resumes it. */
  'models.cancelFetch': { request: empty, response: returns<{ cancelled: boolean }>() },

  /** Every label set with its labels and their tag counts. */
  'labelSets.list': { request: empty, response: returns<LabelSetInfo[]>() },
  'labelSets.get': { request: z.object({ id: setId }).strict(), response: returns<LabelSetInfo>() },
  /**
   * Creates a set (no id) or replaces set `id` (renaming it when the name changed). A label keeps its id, decisions
   * and what it learned while its name stays. Answers at once; re-tagging from stored vectors follows in the
   * background (tagging.progress, then library.changed 'tags').
   */
  'labelSets.save': { request: z.object({ id: setId.optional(), set: labelSetDraft }).strict(), response: returns<LabelSetSaveResult>() },
  'labelSets.delete': { request: z.object({ id: setId }).strict(), response: returns<{ removedDecisions: number }>() },
  /** A YAML or JSON label-set file's text: creates the set, or replaces the set of its name (as `xuntu labels import`). */
  'labelSets.import': {
    request: z.object({ text: z.string().max(1_000_000), fileName: z.string().min(1).max(255) }).strict(),
    response: returns<LabelSetSaveResult>(),
  },
  'labelSets.export': {
    request: z.object({ id: setId, format: z.enum(['yaml', 'json']) }).strict(),
    response: returns<{ fileName: string; text: string }>(),
  },
  /**
   * Which photos a label would get at a threshold, from stored vectors: a stored label (`labelId`) as it is now, or a
   * draft one from the editor (`draft`). Scores are cached per label, so calls while a slider is dragged only count.
   */
  'labels.preview': {
    request: z
      .object({
        labelId: labelId.optional(),
        draft: z.object({ name: draftText, phrasings: draftList, exclusions: draftList }).strict().optional(),
        threshold: threshold.optional(),
        /** Photos shown either side of the threshold. */
        edge: z.number().int().min(0).max(100).optional(),
      })
      .strict()
      .refine((r) => (r.labelId === undefined) !== (r.draft === undefined), 'exactly one of labelId and draft'),
    response: returns<LabelPreview>(),
  },
  /** Forgets what a label learned from decisions (the decisions stay) and re-tags with the text alone. */
  'labels.reset': { request: z.object({ labelId }).strict(), response: returns<{ forgotten: boolean }>() },
  /** The suggestions awaiting a decision, least certain first (scores nearest their threshold). */
  'tags.review': {
    request: z.object({ ...page, labelId: labelId.optional(), setId: setId.optional() }).strict(),
    response: returns<ReviewPage>(),
  },
  /** The user's word on a label for some photos; the label then learns from it and its set is re-tagged. */
  'tags.decide': {
    request: z
      .object({
        photoIds: z.array(photoId).min(1).max(10_000),
        labelId,
        decision: z.enum(['confirmed', 'rejected', 'clear']),
      })
      .strict(),
    response: returns<{ changed: number }>(),
  },
  /** A label's photos: confirmed first, then suggestions by score; rejected ones only when asked for. */
  'tags.byLabel': {
    request: z.object({ ...page, labelId, source: z.enum(['tagged', 'auto', 'confirmed', 'rejected']).optional() }).strict(),
    response: returns<LabelPhotoPage>(),
  },
  'tagging.status': { request: empty, response: returns<TaggingStatus>() },

  /** Electron only: reveals the photo in the OS file manager. The bridge answers NOT_AVAILABLE. */
  'shell.showInFolder': { request: z.object({ id: photoId }).strict(), response: returns<{ shown: boolean }>() },
  /** Electron only: the OS folder picker; null when the user cancels. The bridge answers NOT_AVAILABLE. */
  'dialog.pickFolder': { request: empty, response: returns<{ path: string | null }>() },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller passes (optional fields may be left out), */
export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
/** what a handler receives once the schema has parsed it, */
export type ParsedRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
/** and what it answers. */
export type ResponseOf<C extends Channel> = Channels[C]['response'];

export const CHANNELS = Object.keys(channels) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

// ─── Events (main → UI pushes) ──────────────────────────────────────────────────────────────────────────────────────

export interface AppEvents {
  /** At most a few times a second while indexing, and once on every state change. */
  'index.progress': IndexStatus;
  'models.fetchProgress': ModelFetchProgress;
  /** Photos, roots, the model or settings changed: refetch what is on screen. Throttled while indexing, so photos
   *  appear as they are processed without a refetch per photo. */
  'library.changed': { what: 'photos' | 'roots' | 'model' | 'settings' | 'tags' };
  /** Re-tagging started, moved on to the next set, or ended. */
  'tagging.progress': TaggingStatus;
}
export type AppEvent = keyof AppEvents;
export const EVENTS = ['index.progress', 'models.fetchProgress', 'library.changed', 'tagging.progress'] as const satisfies readonly AppEvent[];

export function isAppEvent(name: unknown): name is AppEvent {
  return typeof name === 'string' && (EVENTS as readonly string[]).includes(name);
}

// ─── The envelope both transports carry ─────────────────────────────────────────────────────────────────────────────

/**
 * Errors cross as data, not as thrown objects (Electron flattens thrown errors into one string). `code` is stable
 * (XuntuError.code, or one of CONTRACT_ERRORS) and is what the UI translates; `message` is already in the UI's
 * language where the core has wording for the code, otherwise English detail.
 */
export type IpcFailure = { ok: false; code: string; message: string };
export type IpcResult<T> = { ok: true; value: T } | IpcFailure;

export const CONTRACT_ERRORS = {
  /** The payload failed the channel's schema; nothing ran. */
  INVALID_REQUEST: 'INVALID_REQUEST',
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  /** The channel exists but this host cannot serve it (shell.showInFolder on the bridge). */
  NOT_AVAILABLE: 'NOT_AVAILABLE',
  /** An unexpected failure; the message has the detail. */
  INTERNAL: 'INTERNAL',
} as const;

/** The shape the Electron preload exposes as `window.xuntu`; the bridge client implements the same. */
export interface XuntuBridge {
  invoke(channel: Channel, payload: unknown): Promise<IpcResult<unknown>>;
  on(event: AppEvent, callback: (payload: unknown) => void): () => void;
}

// ─── Thumbnail URLs ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Electron serves thumbnails on this scheme (xuntu-media://grid/<hash>.webp), the bridge under /media/grid/<hash>.webp.
 * The renderer imports types only, so it spells the scheme itself, checked against this type.
 */
export type MediaScheme = 'xuntu-media';
export const MEDIA_SCHEME: MediaScheme = 'xuntu-media';
