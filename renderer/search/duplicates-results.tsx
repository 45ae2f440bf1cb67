import { useMemo } from 'react';
import { api } from '../api/index.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { ViewerTarget } from '../viewer/viewer-target.js';
import { PhotoListGrid } from './photo-list-grid.js';

/** Groups of near-identical photos, the one worth keeping marked in each. */
export function DuplicatesResults({ onOpen }: { onOpen(target: ViewerTarget): void }) {
  const { t } = useI18n();
  const answer = useRequest(() => api.invoke('search.duplicates', {}), 'duplicates');
  const { photos, groups, best } = useMemo(() => {
    const found = answer.data ?? [];
    return {
      photos: found.flatMap((g) => g.photos),
      groups: found.map((g) => ({ count: g.photos.length })),
      best: new Set(found.map((g) => g.best)),
    };
  }, [answer.data]);

  if (answer.error) return <ErrorMessage error={answer.error} />;
  if (!answer.data) return <EmptyState title={t('duplicates.looking')} />;
  if (groups.length === 0) return <EmptyState title={t('duplicates.none')} />;
  return (
    <PhotoListGrid
      label={t('search.modeDuplicates')}
      photos={photos}
      groups={groups}
      header={(group) => t('duplicates.group', { count: groups[group]?.count ?? 0 })}
      badge={(position) => (best.has(photos[position]!.id) ? t('duplicates.keep') : undefined)}
      onOpen={onOpen}
    />
  );
}
