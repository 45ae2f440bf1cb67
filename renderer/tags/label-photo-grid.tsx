import { useCallback, useEffect, useState } from 'react';
import type { LabelPhoto } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { ErrorMessage } from '../components/error-message.js';
import { Icon } from '../components/icon.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { viewerTarget, type ViewerTarget } from '../viewer/viewer-target.js';
import { formatScore } from './format-score.js';
import './label-photo-grid.css';

export type LabelPhotoSource = 'tagged' | 'auto' | 'confirmed' | 'rejected';

const PAGE = 120;

interface LabelPhotoGridProps {
  labelId: number;
  /** The filter to start with; the user can switch it unless `fixedSource`. */
  source: LabelPhotoSource;
  fixedSource?: boolean;
  onOpen(target: ViewerTarget): void;
}

/** A label's photos to confirm or reject in bulk: click selects, double-click opens the viewer. */
export function LabelPhotoGrid({ labelId, source: initial, fixedSource, onOpen }: LabelPhotoGridProps) {
  const { t } = useI18n();
  const [source, setSource] = useState(initial);
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const page = useRequest(() => api.invoke('tags.byLabel', { labelId, source, offset: 0, limit }), `${labelId}|${source}|${limit}`);
  useApiEvent('library.changed', ({ what }) => what === 'tags' && page.reload());
  useEffect(() => {
    setSelected(new Set());
    setLimit(PAGE);
  }, [labelId, source]);

  const photos = page.data?.photos ?? [];
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const decide = useCallback(
    async (decision: 'confirmed' | 'rejected' | 'clear') => {
      await api.invoke('tags.decide', { photoIds: [...selected], labelId, decision });
      setSelected(new Set());
      page.reload();
    },
    [selected, labelId, page],
  );
  const options: { value: LabelPhotoSource; label: string }[] = [
    { value: 'tagged', label: t('tags.showTagged') },
    { value: 'auto', label: t('tags.showAuto') },
    { value: 'confirmed', label: t('tags.showConfirmed') },
    { value: 'rejected', label: t('tags.showRejected') },
  ];

  return (
    <section className="label-photo-grid">
      <div className="label-photo-grid-bar">
        {!fixedSource && <SegmentedControl<LabelPhotoSource> label={t('tags.show')} value={source} options={options} onChange={setSource} />}
        <span className="label-photo-grid-count">{page.data && t('tags.count', { count: page.data.total })}</span>
        <span className="label-photo-grid-spacer" />
        {selected.size > 0 && <span className="label-photo-grid-count">{t('tags.selected', { count: selected.size })}</span>}
        <Button onClick={() => setSelected(selected.size === photos.length && photos.length > 0 ? new Set() : new Set(photos.map((p) => p.photo.id)))}>
          {selected.size === photos.length && photos.length > 0 ? t('tags.selectNone') : t('tags.selectAll')}
        </Button>
        <Button variant="primary" disabled={selected.size === 0} onClick={() => void decide('confirmed')}>
          {t('tags.confirmSelected')}
        </Button>
        <Button variant="danger" disabled={selected.size === 0} onClick={() => void decide('rejected')}>
          {t('tags.rejectSelected')}
        </Button>
        {source !== 'auto' && (
          <Button disabled={selected.size === 0} onClick={() => void decide('clear')}>
            {t('tags.clearSelected')}
          </Button>
        )}
      </div>
      {page.error && <ErrorMessage error={page.error} />}
      {page.data && photos.length === 0 && <p className="label-photo-grid-empty">{t('tags.noPhotos')}</p>}
      <div className="label-photo-grid-cells" role="listbox" aria-multiselectable="true" aria-label={t('tags.title')}>
        {photos.map((p, i) => (
          <LabelPhotoCell
            key={p.photo.id}
            item={p}
            selected={selected.has(p.photo.id)}
            onToggle={toggle}
            onOpen={() => {
              const target = viewerTarget((pos) => photos[pos]?.photo.id, i);
              if (target) onOpen(target);
            }}
          />
        ))}
      </div>
      {page.data && photos.length < page.data.total && (
        <Button className="label-photo-grid-more" onClick={() => setLimit((n) => n + PAGE)}>
          {t('tags.more')}
        </Button>
      )}
    </section>
  );
}

function LabelPhotoCell({ item, selected, onToggle, onOpen }: { item: LabelPhoto; selected: boolean; onToggle(id: number): void; onOpen(): void }) {
  const { t } = useI18n();
  return (
    <div
      role="option"
      aria-selected={selected}
      className="label-photo-cell"
      data-photo-id={item.photo.id}
      data-source={item.source}
      onClick={() => onToggle(item.photo.id)}
      onDoubleClick={onOpen}
    >
      <img src={api.mediaUrl('grid', item.photo.hash)} alt="" draggable={false} />
      {selected && (
        <span className="label-photo-cell-check">
          <Icon name="check" size={14} />
        </span>
      )}
      <span className="label-photo-cell-badge">
        {item.source !== 'auto' && `${t(`tags.source.${item.source}`)} · `}
        {formatScore(item.score)}
      </span>
    </div>
  );
}
