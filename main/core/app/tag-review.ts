import type { LabelPhotoPage, PhotoTag, ReviewPage } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { gridPhotosById } from './grid-photos-by-id.js';

/** In an exclusive set the score is the winner's probability: ½ is a toss-up between it and the next label. */
const EXCLUSIVE_THRESHOLD = 0.5;

interface ReviewRow {
  photoId: number;
  labelId: number;
  label: string;
  setId: number;
  set: string;
  score: number;
  threshold: number;
}

/**
 * The review queue: present photos' suggestions of `model` that have no decision, the least certain first (the score
 * nearest the threshold tagging used, learned or not), where one answer teaches the label the most.
 */
export function reviewPage(
  db: Db,
  model: { id: string; defaultThreshold: number },
  request: { offset: number; limit: number; labelId?: number | undefined; setId?: number | undefined },
): ReviewPage {
  const params = { model: model.id, fallback: model.defaultThreshold, exclusive: EXCLUSIVE_THRESHOLD, labelId: request.labelId ?? null, setId: request.setId ?? null };
  const from = `FROM photo_tags t JOIN photos p ON p.id = t.photo_id AND p.status = 'present'
    JOIN labels l ON l.id = t.label_id JOIN label_sets s ON s.id = l.set_id
    LEFT JOIN label_adaptations a ON a.label_id = l.id AND a.model_id = @model
    WHERE t.source = 'auto' AND t.model_id = @model AND t.score IS NOT NULL
      AND (@labelId IS NULL OR l.id = @labelId) AND (@setId IS NULL OR s.id = @setId)`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT t.photo_id AS photoId, l.id AS labelId, l.name AS label, s.id AS setId, s.name AS "set", t.score,
           CASE WHEN s.exclusive THEN @exclusive ELSE coalesce(a.threshold, l.threshold, @fallback) END AS threshold
         ${from})
       ORDER BY abs(score - threshold), photoId, labelId LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: request.limit, offset: request.offset }) as ReviewRow[];
  const photos = gridPhotosById(db, rows.map((r) => r.photoId));
  return {
    total,
    items: rows.flatMap(({ photoId, ...rest }) => {
      const photo = photos.get(photoId);
      return photo ? [{ photo, ...rest }] : [];
    }),
  };
}

export type LabelPhotoFilter = 'tagged' | PhotoTag['source'];

/** A label's present photos: the user's confirmations first, then suggestions best first (rejections when asked). */
export function labelPhotoPage(db: Db, request: { labelId: number; offset: number; limit: number; source?: LabelPhotoFilter | undefined }): LabelPhotoPage {
  if (!db.prepare('SELECT 1 FROM labels WHERE id = ?').get(request.labelId)) throw new XuntuError('LABEL_NOT_FOUND', `no label with id ${request.labelId}`);
  const source = request.source ?? 'tagged';
  const params = { labelId: request.labelId, source, limit: request.limit, offset: request.offset };
  const from = `FROM photo_tags t JOIN photos p ON p.id = t.photo_id AND p.status = 'present'
    WHERE t.label_id = @labelId AND (CASE @source WHEN 'tagged' THEN t.source != 'rejected' ELSE t.source = @source END)`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT t.photo_id AS photoId, t.source, t.score ${from}
       ORDER BY t.source != 'confirmed', t.score IS NULL, t.score DESC, t.photo_id LIMIT @limit OFFSET @offset`,
    )
    .all(params) as { photoId: number; source: PhotoTag['source']; score: number | null }[];
  const photos = gridPhotosById(db, rows.map((r) => r.photoId));
  return {
    offset: request.offset,
    total,
    photos: rows.flatMap(({ photoId, source: s, score }) => {
      const photo = photos.get(photoId);
      return photo ? [{ photo, source: s, score }] : [];
    }),
  };
}
