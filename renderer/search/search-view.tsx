import { useCallback, useMemo } from 'react';
import type { SearchHit, TimeChip } from '../../main/common/ipc-contract.js';
import { api, type ApiError } from '../api/index.js';
import { Button } from '../components/button.js';
import { Chip } from '../components/chip.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { ViewerTarget } from '../viewer/viewer-target.js';
import { DuplicatesResults } from './duplicates-results.js';
import { FilterBar, FilterChips } from './filter-bar.js';
import { PhotoListGrid } from './photo-list-grid.js';
import { SearchBox } from './search-box.js';
import { filterFields, type SearchFilters } from './search-filters.js';
import { withoutChip, type SearchState } from './search-state.js';
import { useFilterChoices } from './use-filter-choices.js';
import './search-view.css';

interface SearchViewProps {
  state: SearchState;
  onChange(state: SearchState): void;
  onOpen(target: ViewerTarget): void;
  onOpenSettings(): void;
}

const LIMIT = 500;

interface Answer {
  hits: SearchHit[];
  chips: TimeChip[];
}

/** 搜索: text (time words become chips) narrowed by filters, 以图搜图 from a photo, and near-duplicates. */
export function SearchView({ state, onChange, onOpen, onOpenSettings }: SearchViewProps) {
  const { t, locale } = useI18n();
  const { mode, text, sort, similarTo, filters } = state;
  const choices = useFilterChoices();

  const fields = useMemo(() => filterFields(filters), [filters]);
  const load = useMemo((): (() => Promise<Answer>) | null => {
    if (mode === 'text' && text.trim()) return () => api.invoke('search.text', { text, sort, limit: LIMIT, ...fields });
    if (mode === 'similar' && similarTo !== null)
      return async () => ({ hits: await api.invoke('search.similar', { id: similarTo, sort, limit: LIMIT, ...fields }), chips: [] });
    return null;
  }, [mode, text, sort, similarTo, fields]);
  const answer = useRequest(load, JSON.stringify([mode, text, sort, similarTo, fields]));

  const onSearch = useCallback((next: string) => onChange({ ...state, mode: 'text', text: next, similarTo: null }), [state, onChange]);
  const onFilters = useCallback((next: SearchFilters) => onChange({ ...state, filters: next }), [state, onChange]);
  const photos = useMemo(() => answer.data?.hits.map((h) => h.photo) ?? [], [answer.data]);
  const groups = useMemo(() => [{ count: photos.length }], [photos]);

  return (
    <section className="search-view">
      <div className="search-view-bar">
        <SearchBox value={text} onSearch={onSearch} />
        <SegmentedControl
          label={t('search.mode')}
          value={mode === 'duplicates' ? 'duplicates' : 'search'}
          options={[
            { value: 'search', label: t('search.modeSearch') },
            { value: 'duplicates', label: t('search.modeDuplicates') },
          ]}
          onChange={(v) => onChange({ ...state, mode: v === 'duplicates' ? 'duplicates' : similarTo !== null ? 'similar' : 'text' })}
        />
      </div>
      {mode !== 'duplicates' && <FilterBar filters={filters} onChange={onFilters} choices={choices} />}
      {mode !== 'duplicates' && (
        <div className="search-view-options">
          {mode === 'similar' && similarTo !== null && (
            <Chip label={t('search.similarChip')} removeLabel={t('search.removeChip')} onRemove={() => onChange({ ...state, mode: 'text', similarTo: null })} />
          )}
          {answer.data?.chips.map((chip) => (
            <Chip
              key={`${chip.start}:${chip.text}`}
              label={`${t('search.timeChip')}${locale === 'en' ? chip.label.en : chip.label.zh}`}
              removeLabel={t('search.removeChip')}
              onRemove={() => onSearch(withoutChip(text, chip))}
            />
          ))}
          <FilterChips filters={filters} onChange={onFilters} choices={choices} />
          <span className="search-view-spacer" />
          <SegmentedControl
            label={t('search.order')}
            value={sort}
            options={[
              { value: 'score', label: t('search.byRelevance') },
              { value: 'date', label: t('search.byDate') },
            ]}
            onChange={(next) => onChange({ ...state, sort: next })}
          />
        </div>
      )}
      {mode === 'duplicates' ? (
        <DuplicatesResults onOpen={onOpen} />
      ) : answer.error ? (
        <SearchError error={answer.error} onOpenSettings={onOpenSettings} />
      ) : !load ? (
        <EmptyState title={t('search.hintTitle')}>
          <p>{t('search.hint')}</p>
        </EmptyState>
      ) : answer.data && photos.length === 0 ? (
        <EmptyState title={t('search.noResults')} />
      ) : (
        <PhotoListGrid
          label={t('search.results')}
          photos={photos}
          groups={groups}
          header={() => (answer.loading ? t('search.searching') : t('search.found', { count: photos.length }))}
          onOpen={onOpen}
        />
      )}
    </section>
  );
}

function SearchError({ error, onOpenSettings }: { error: ApiError; onOpenSettings(): void }) {
  const { t } = useI18n();
  return (
    <ErrorMessage error={error}>
      {error.code === 'NO_ACTIVE_MODEL' && <Button onClick={onOpenSettings}>{t('search.chooseModel')}</Button>}
    </ErrorMessage>
  );
}
