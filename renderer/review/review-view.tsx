import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { EmptyState } from '../components/empty-state.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { ViewHeader } from '../components/view-header.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { LabelPhotoGrid } from '../tags/label-photo-grid.js';
import { formatScore } from '../tags/format-score.js';
import { useLabelSets } from '../tags/use-label-sets.js';
import type { ViewerTarget } from '../viewer/viewer-target.js';
import { useReviewQueue } from './use-review-queue.js';
import './review-view.css';

type Mode = 'single' | 'bulk';

/** 待确认: the model's suggestions, least certain first, answered with Y/N; each answer teaches the label. */
export function ReviewView({ onOpen }: { onOpen(target: ViewerTarget): void }) {
  const { t } = useI18n();
  const { sets } = useLabelSets();
  const [setId, setSetId] = useState<number>();
  const [mode, setMode] = useState<Mode>('single');
  const [bulkLabel, setBulkLabel] = useState<number>();
  const queue = useReviewQueue(setId);
  const labels = useMemo(() => (sets.data ?? []).filter((s) => setId === undefined || s.id === setId).flatMap((s) => s.labels.map((l) => ({ ...l, set: s.name }))), [sets.data, setId]);
  const bulkLabelId = bulkLabel ?? labels.find((l) => l.counts.auto > 0)?.id ?? labels[0]?.id;

  return (
    <div className="review-view">
      <ViewHeader title={t('review.title')}>
        {queue.remaining !== undefined && <span className="review-view-progress">{t('review.progress', { count: queue.remaining })}</span>}
        <select aria-label={t('review.scope')} value={setId ?? ''} onChange={(e) => setSetId(e.target.value ? Number(e.target.value) : undefined)}>
          <option value="">{t('review.allSets')}</option>
          {sets.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <SegmentedControl<Mode>
          label={t('review.mode')}
          value={mode}
          options={[
            { value: 'single', label: t('review.single') },
            { value: 'bulk', label: t('review.bulk') },
          ]}
          onChange={setMode}
        />
      </ViewHeader>
      {mode === 'single' ? (
        <SingleReview queue={queue} />
      ) : (
        <div className="review-view-bulk">
          <label className="review-view-label-choice">
            <span>{t('review.chooseLabel')}</span>
            <select value={bulkLabelId ?? ''} onChange={(e) => setBulkLabel(Number(e.target.value))}>
              {labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.set} / {l.name}（{l.counts.auto}）
                </option>
              ))}
            </select>
          </label>
          {bulkLabelId !== undefined && <LabelPhotoGrid labelId={bulkLabelId} source="auto" fixedSource onOpen={onOpen} />}
        </div>
      )}
    </div>
  );
}

function SingleReview({ queue }: { queue: ReturnType<typeof useReviewQueue> }) {
  const { t } = useI18n();
  const { current, decide, skip, undo } = queue;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Typing in a field, or the viewer open over the queue, is not an answer.
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || document.querySelector('[role="dialog"]')) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && key === 'z') void undo();
      else if (e.ctrlKey || e.metaKey || e.altKey) return;
      else if (key === 'y') void decide('confirmed');
      else if (key === 'n') void decide('rejected');
      else if (key === ' ' || key === 'arrowright') skip(1);
      else if (key === 'arrowleft') skip(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, skip, undo]);

  if (queue.remaining === undefined) return null;
  return (
    <div className="review-single">
      {current ? (
        <figure className="review-single-photo">
          <img key={current.photo.id} src={api.mediaUrl(current.photo.previewReady ? 'preview' : 'grid', current.photo.hash)} alt="" />
        </figure>
      ) : (
        <EmptyState title={t('review.empty')}>
          <p>{t('review.emptyHint')}</p>
        </EmptyState>
      )}
      <div className="review-single-panel">
        {current && (
          <>
            <p className="review-single-set">{current.set}</p>
            <h2 className="review-single-question">{t('review.question', { label: current.label })}</h2>
            <p className="review-single-score">{t('review.score', { score: formatScore(current.score), threshold: formatScore(current.threshold) })}</p>
            <div className="review-single-actions">
              <Button variant="primary" onClick={() => void decide('confirmed')}>
                {t('review.confirm')}
              </Button>
              <Button variant="danger" onClick={() => void decide('rejected')}>
                {t('review.reject')}
              </Button>
              <Button onClick={() => skip(1)}>{t('review.skip')}</Button>
            </div>
          </>
        )}
        <div className="review-single-undo">
          {queue.last && (
            <span className="review-single-last" role="status">
              {t('review.decided', { label: queue.last.item.label, decision: t(`decision.${queue.last.decision}`) })}
            </span>
          )}
          <Button disabled={!queue.canUndo} onClick={() => void undo()}>
            {t('review.undo')}
          </Button>
        </div>
        <p className="review-single-keys">{t('review.keys')}</p>
      </div>
    </div>
  );
}
