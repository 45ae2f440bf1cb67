import { useState } from 'react';
import type { LabelSetInfo, LabelSetIssueInfo } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { ErrorMessage } from '../components/error-message.js';
import { ViewHeader } from '../components/view-header.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { ViewerTarget } from '../viewer/viewer-target.js';
import { formatScore } from './format-score.js';
import { LabelPhotoGrid } from './label-photo-grid.js';
import { LabelSetEditor } from './label-set-editor.js';
import { useLabelSets } from './use-label-sets.js';
import './tags-view.css';

type Pane = { kind: 'none' } | { kind: 'label'; labelId: number } | { kind: 'editor'; setId: number | null };

/** 标签: every label set and label with counts; a label's photos; the label-set editor. */
export function TagsView({ onOpen }: { onOpen(target: ViewerTarget): void }) {
  const { t } = useI18n();
  const { sets, running } = useLabelSets();
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  const [importIssues, setImportIssues] = useState<LabelSetIssueInfo[]>([]);

  const importFile = async (file: File) => {
    const result = await api.invoke('labelSets.import', { text: await file.text(), fileName: file.name });
    setImportIssues(result.saved ? [] : result.issues);
    if (result.saved) {
      sets.reload();
      setPane({ kind: 'editor', setId: result.set.id });
    }
  };
  const exportSet = async (set: LabelSetInfo) => {
    const { fileName, text } = await api.invoke('labelSets.export', { id: set.id, format: 'yaml' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const deleteSet = async (set: LabelSetInfo) => {
    if (!window.confirm(t('tags.confirmDelete', { name: set.name }))) return;
    await api.invoke('labelSets.delete', { id: set.id });
    setPane({ kind: 'none' });
    sets.reload();
  };

  const allLabels = (sets.data ?? []).flatMap((s) => s.labels.map((l) => ({ ...l, set: s })));
  const chosen = pane.kind === 'label' ? allLabels.find((l) => l.id === pane.labelId) : undefined;
  const editing = pane.kind === 'editor' ? sets.data?.find((s) => s.id === pane.setId) : undefined;

  return (
    <div className="tags-view">
      <ViewHeader title={t('tags.title')}>
        {running && <span className="tags-view-running">{t('tags.running')}</span>}
        <label className="button button-plain tags-view-import">
          {t('tags.import')}
          <input
            type="file"
            accept=".yaml,.yml,.json"
            aria-label={t('tags.importLabel')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        <Button variant="primary" onClick={() => setPane({ kind: 'editor', setId: null })}>
          {t('tags.newSet')}
        </Button>
      </ViewHeader>
      {importIssues.length > 0 && (
        <div className="tags-view-import-issues" role="alert">
          {importIssues.map((i) => (
            <p key={`${i.line}:${i.field}:${i.message}`}>
              {i.line !== null && `${i.line}:${i.column} `}
              {i.field && `${i.field}: `}
              {i.message}
            </p>
          ))}
        </div>
      )}
      {sets.error && <ErrorMessage error={sets.error} />}
      <div className="tags-view-body">
        <nav className="tags-view-sets" aria-label={t('tags.sets')}>
          {sets.data?.map((set) => (
            <section key={set.id} className="tags-view-set" data-set={set.name}>
              <header>
                <h2>{set.name}</h2>
                {set.builtin && <span className="tags-view-badge">{t('tags.builtin')}</span>}
                {set.exclusive && <span className="tags-view-badge">{t('tags.exclusive')}</span>}
                <span className="tags-view-spacer" />
                <button type="button" className="tags-view-link" onClick={() => setPane({ kind: 'editor', setId: set.id })}>
                  {t('tags.edit')}
                </button>
                <button type="button" className="tags-view-link" onClick={() => void exportSet(set)}>
                  {t('tags.export')}
                </button>
                <button type="button" className="tags-view-link tags-view-danger" onClick={() => void deleteSet(set)}>
                  {t('tags.delete')}
                </button>
              </header>
              <ul>
                {set.labels.map((l) => (
                  <li key={l.id}>
                    <button
                      type="button"
                      className="tags-view-label"
                      data-label={l.name}
                      aria-current={pane.kind === 'label' && pane.labelId === l.id ? 'true' : undefined}
                      onClick={() => setPane({ kind: 'label', labelId: l.id })}
                    >
                      <span>{l.name}</span>
                      <span className="tags-view-label-count">{l.counts.auto + l.counts.confirmed}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </nav>
        <div className="tags-view-pane">
          {pane.kind === 'none' && <p className="tags-view-hint">{t('tags.chooseLabel')}</p>}
          {pane.kind === 'editor' && (
            <LabelSetEditor
              key={pane.setId ?? 'new'}
              set={editing}
              onSaved={(set) => {
                sets.reload();
                setPane({ kind: 'editor', setId: set.id });
              }}
              onCancel={() => setPane({ kind: 'none' })}
            />
          )}
          {chosen && (
            <>
              <header className="tags-view-label-head">
                <h2>
                  {chosen.set.name} / {chosen.name}
                </h2>
                <span className="tags-view-label-counts">{t('tags.labelCounts', { ...chosen.counts })}</span>
                {chosen.effectiveThreshold !== null && !chosen.set.exclusive && (
                  <span className="tags-view-label-counts">
                    {t('editor.threshold')} {formatScore(chosen.effectiveThreshold)}
                  </span>
                )}
                {chosen.learned && (
                  <>
                    <span className="tags-view-badge">{t('tags.learned')}</span>
                    <Button title={t('tags.resetHint')} onClick={() => void api.invoke('labels.reset', { labelId: chosen.id }).then(() => sets.reload())}>
                      {t('tags.reset')}
                    </Button>
                  </>
                )}
              </header>
              <LabelPhotoGrid key={chosen.id} labelId={chosen.id} source="tagged" onOpen={onOpen} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
