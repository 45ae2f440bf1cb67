import { useState } from 'react';
import type { LabelPreview, RequestOf, ScoredPhoto } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { ErrorMessage } from '../components/error-message.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { formatScore } from './format-score.js';
import './threshold-preview.css';

export type PreviewSource = Pick<RequestOf<'labels.preview'>, 'labelId' | 'draft'>;

interface ThresholdPreviewProps {
  name: string;
  source: PreviewSource;
  /** null: what the label applies now (learned, its own or the model's default). */
  threshold: number | null;
  onThreshold?(threshold: number): void;
}

/**
 * A label's score distribution with its threshold, and the photos just either side of it. The core keeps the
 * label's scores, so every slider step is a cheap call; an answer that arrives late is dropped (useRequest).
 */
export function ThresholdPreview({ name, source, threshold, onThreshold }: ThresholdPreviewProps) {
  const { t } = useI18n();
  const sourceKey = JSON.stringify(source);
  const preview = useRequest(() => api.invoke('labels.preview', { ...source, ...(threshold !== null && { threshold }) }), `${sourceKey}|${threshold}`);
  // The slider spans the label's own scores, fixed per label so it does not rescale under the pointer.
  const [span, setSpan] = useState<{ key: string; min: number; max: number }>();
  const data = preview.data;
  if (data && span?.key !== sourceKey) {
    const { min, step, counts } = data.histogram;
    setSpan({ key: sourceKey, min: round(Math.max(-1, min - 0.05)), max: round(Math.min(1, min + step * counts.length + 0.05)) });
  }
  const current = threshold ?? data?.threshold;

  return (
    <section className="threshold-preview" aria-label={t('preview.label', { label: name })}>
      <h3>{t('preview.label', { label: name })}</h3>
      {preview.error && <ErrorMessage error={preview.error} />}
      {data && span && current !== undefined && (
        <>
          <Histogram preview={data} threshold={current} />
          <label className="threshold-preview-slider">
            <span>{t('preview.slider')}</span>
            <input
              type="range"
              aria-label={t('preview.slider')}
              min={span.min}
              max={span.max}
              step={0.001}
              value={current}
              disabled={!onThreshold}
              onChange={(e) => onThreshold?.(Number(e.target.value))}
            />
            <output>{formatScore(current)}</output>
          </label>
          <p className="threshold-preview-count" data-passing={data.passing}>
            {t('preview.passing', { passing: data.passing, total: data.total })}
            {data.excluded > 0 && ` · ${t('preview.excluded', { count: data.excluded })}`}
          </p>
          <Strip title={t('preview.above')} photos={data.justAbove} />
          <Strip title={t('preview.below')} photos={data.justBelow} />
        </>
      )}
    </section>
  );
}

function Histogram({ preview, threshold }: { preview: LabelPreview; threshold: number }) {
  const { min, step, counts } = preview.histogram;
  const peak = Math.max(1, ...counts);
  return (
    <div className="threshold-preview-histogram" aria-hidden="true">
      {counts.map((n, i) => (
        <span key={i} data-passing={min + (i + 1) * step > threshold || undefined} style={{ height: `${(n / peak) * 100}%` }} />
      ))}
    </div>
  );
}

function Strip({ title, photos }: { title: string; photos: ScoredPhoto[] }) {
  const { t } = useI18n();
  return (
    <div className="threshold-preview-strip">
      <h4>{title}</h4>
      <div>
        {photos.length === 0 && <span className="threshold-preview-none">{t('preview.none')}</span>}
        {photos.map((p) => (
          <figure key={p.photo.id} data-photo-id={p.photo.id}>
            <img src={api.mediaUrl('grid', p.photo.hash)} alt="" />
            <figcaption>{formatScore(p.score)}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
