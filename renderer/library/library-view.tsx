import { useCallback, useMemo } from 'react';
import type { Timeline } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { EmptyState } from '../components/empty-state.js';
import { ViewHeader } from '../components/view-header.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { formatMonth } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { PhotoGrid } from '../photos/photo-grid.js';
import type { ScrubberMark } from '../photos/timeline-scrubber.js';
import { useSelection } from '../photos/use-selection.js';
import { viewerTarget, type ViewerTarget } from '../viewer/viewer-target.js';
import { usePhotoPages } from './use-photo-pages.js';
import './library-view.css';

interface LibraryViewProps {
  onOpen(target: ViewerTarget): void;
  onAddFolders(): void;
  indexing: boolean;
}

interface MonthGroup {
  count: number;
  label: string;
  year?: string;
}

function monthGroups(timeline: Timeline, locale: Parameters<typeof formatMonth>[0], undatedLabel: string): MonthGroup[] {
  const groups: MonthGroup[] = timeline.buckets.map((b, i) => ({
    count: b.count,
    label: formatMonth(locale, b.year, b.month),
    year: i === 0 || timeline.buckets[i - 1]!.year !== b.year ? String(b.year) : undefined,
  }));
  if (timeline.undated > 0) groups.push({ count: timeline.undated, label: undatedLabel });
  return groups;
}

/** 图库: every photo by month, newest first. */
export function LibraryView({ onOpen, onAddFolders, indexing }: LibraryViewProps) {
  const { t, locale } = useI18n();
  const timeline = useRequest(() => api.invoke('library.timeline', {}), 'timeline');
  const pages = usePhotoPages();
  const selection = useSelection(pages.photo, pages.range);

  useApiEvent('library.changed', ({ what }) => {
    if (what === 'photos' || what === 'roots') {
      pages.invalidate();
      timeline.reload();
    }
  });

  const groups = useMemo(() => (timeline.data ? monthGroups(timeline.data, locale, t('library.undated')) : []), [timeline.data, locale, t]);
  const marks = useMemo<ScrubberMark[]>(() => groups.map((g) => ({ label: g.label, year: g.year })), [groups]);
  const total = timeline.data?.total ?? 0;

  const open = useCallback(
    (position: number) => {
      const target = viewerTarget((p) => pages.photo(p)?.id, position);
      if (target) onOpen(target);
    },
    [pages, onOpen],
  );

  return (
    <section className="library-view">
      <ViewHeader title={t('library.title')}>
        {selection.selected.size > 0 && (
          <>
            <span>{t('library.selected', { count: selection.selected.size })}</span>
            <Button onClick={selection.clear}>{t('library.clearSelection')}</Button>
          </>
        )}
        {total > 0 && <span className="library-view-count">{t('library.count', { count: total })}</span>}
      </ViewHeader>
      {timeline.data && total === 0 ? (
        <EmptyState title={indexing ? t('library.emptyIndexing') : t('library.empty')}>
          {!indexing && (
            <Button variant="primary" onClick={onAddFolders}>
              {t('library.addFolders')}
            </Button>
          )}
        </EmptyState>
      ) : (
        <PhotoGrid
          label={t('library.title')}
          groups={groups}
          header={(group) => (
            <>
              <span>{groups[group]?.label}</span>
              <span className="library-view-month-count">{t('library.count', { count: groups[group]?.count ?? 0 })}</span>
            </>
          )}
          photoAt={pages.photo}
          onVisibleRange={pages.want}
          selected={selection.selected}
          onSelectClick={selection.onSelectClick}
          onOpen={open}
          marks={marks}
        />
      )}
    </section>
  );
}
