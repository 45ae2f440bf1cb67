import { useEffect, useId, useState } from 'react';
import { Chip } from '../components/chip.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { atPrecision, folderName, isAbsolutePath, precisionOf, type DatePrecision, type SearchFilters } from './search-filters.js';
import type { FilterChoices } from './use-filter-choices.js';
import './filter-bar.css';

interface FilterBarProps {
  filters: SearchFilters;
  onChange(filters: SearchFilters): void;
  choices: FilterChoices;
}

/**
 * One compact row under the search box: date range (by month or by day), folder, tags, camera. What is set shows
 * as chips beside the time words (FilterChips); the controls stay as they were while the query is edited.
 */
export function FilterBar({ filters, onChange, choices }: FilterBarProps) {
  const { t } = useI18n();
  const [precision, setPrecision] = useState<DatePrecision>(() => precisionOf(filters));
  const dateType = precision === 'month' ? 'month' : 'date';
  const labelIds = filters.labelIds ?? [];

  const changePrecision = (next: DatePrecision) => {
    setPrecision(next);
    onChange({ ...filters, from: atPrecision(filters.from, next, false), to: atPrecision(filters.to, next, true) });
  };

  return (
    <div className="filter-bar" role="group" aria-label={t('filters.label')}>
      <div className="filter-bar-field">
        <span className="filter-bar-name">{t('filters.date')}</span>
        <SegmentedControl
          label={t('filters.precision')}
          value={precision}
          options={[
            { value: 'month', label: t('filters.byMonth') },
            { value: 'day', label: t('filters.byDay') },
          ]}
          onChange={changePrecision}
        />
        <input
          type={dateType}
          aria-label={t('filters.from')}
          value={filters.from ?? ''}
          max={filters.to}
          onChange={(e) => onChange({ ...filters, from: e.target.value || undefined })}
        />
        <span aria-hidden="true">–</span>
        <input
          type={dateType}
          aria-label={t('filters.to')}
          value={filters.to ?? ''}
          min={filters.from}
          onChange={(e) => onChange({ ...filters, to: e.target.value || undefined })}
        />
      </div>
      <FolderField folder={filters.folder} roots={choices.roots.map((r) => r.path)} onChange={(folder) => onChange({ ...filters, folder })} />
      <select
        aria-label={t('filters.tag')}
        value=""
        onChange={(e) => e.target.value && onChange({ ...filters, labelIds: [...labelIds, Number(e.target.value)] })}
      >
        <option value="">{t('filters.addTag')}</option>
        {choices.labelSets.map((set) => (
          <optgroup key={set.id} label={set.name}>
            {set.labels.map((label) => (
              <option key={label.id} value={label.id} disabled={labelIds.includes(label.id)}>
                {label.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <select aria-label={t('filters.camera')} value={filters.camera ?? ''} onChange={(e) => onChange({ ...filters, camera: e.target.value || undefined })}>
        <option value="">{t('filters.anyCamera')}</option>
        {choices.cameras.map((c) => (
          <option key={c.camera} value={c.camera}>
            {t('filters.cameraOption', { camera: c.camera, count: c.count })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A root picked from the list or any folder typed as a full path; it applies on Enter, on a pick, or on leaving. */
function FolderField({ folder, roots, onChange }: { folder: string | undefined; roots: readonly string[]; onChange(folder: string | undefined): void }) {
  const { t } = useI18n();
  const listId = useId();
  const [draft, setDraft] = useState(folder ?? '');
  useEffect(() => setDraft(folder ?? ''), [folder]);
  const typed = draft.trim();
  const invalid = typed !== '' && !isAbsolutePath(typed);
  const commit = (value: string) => {
    if (value === '' || isAbsolutePath(value)) onChange(value || undefined);
  };
  return (
    <>
      <input
        className="filter-bar-folder"
        type="text"
        list={listId}
        spellCheck={false}
        aria-label={t('filters.folder')}
        aria-invalid={invalid}
        title={invalid ? t('filters.folderInvalid') : undefined}
        placeholder={t('filters.folderPlaceholder')}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          // Picking from the list is a choice made; typing waits for Enter or leaving the box.
          if (roots.includes(e.target.value)) onChange(e.target.value);
        }}
        onKeyDown={(e) => e.key === 'Enter' && commit(typed)}
        onBlur={() => commit(typed)}
      />
      <datalist id={listId}>
        {roots.map((root) => (
          <option key={root} value={root} />
        ))}
      </datalist>
    </>
  );
}

interface FilterChipsProps {
  filters: SearchFilters;
  onChange(filters: SearchFilters): void;
  choices: FilterChoices;
}

/** Each filter set, as a chip that clears it. */
export function FilterChips({ filters, onChange, choices }: FilterChipsProps) {
  const { t } = useI18n();
  const { from, to, folder, labelIds = [], camera } = filters;
  const labelName = (id: number) => choices.labelSets.flatMap((s) => s.labels).find((l) => l.id === id)?.name ?? `#${id}`;
  const chips: { key: string; label: string; title?: string; without: SearchFilters }[] = [];
  if (from || to) {
    const label = from && to ? t('filters.chipRange', { from, to }) : from ? t('filters.chipFrom', { from }) : t('filters.chipTo', { to: to! });
    chips.push({ key: 'date', label, without: { ...filters, from: undefined, to: undefined } });
  }
  if (folder) chips.push({ key: 'folder', label: t('filters.chipFolder', { name: folderName(folder) }), title: folder, without: { ...filters, folder: undefined } });
  for (const id of labelIds) {
    chips.push({ key: `tag:${id}`, label: t('filters.chipTag', { name: labelName(id) }), without: { ...filters, labelIds: labelIds.filter((l) => l !== id) } });
  }
  if (camera) chips.push({ key: 'camera', label: t('filters.chipCamera', { name: camera }), without: { ...filters, camera: undefined } });
  return (
    <>
      {chips.map((chip) => (
        <Chip key={chip.key} label={chip.label} title={chip.title} removeLabel={t('search.removeChip')} onRemove={() => onChange(chip.without)} />
      ))}
    </>
  );
}
