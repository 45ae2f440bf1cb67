import { useState } from 'react';
import type { LabelSetDraft, LabelSetInfo, LabelSetIssueInfo } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import type { ApiError } from '../api/index.js';
import { Button } from '../components/button.js';
import { ErrorMessage } from '../components/error-message.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { splitList } from './format-score.js';
import { ThresholdPreview, type PreviewSource } from './threshold-preview.js';
import './label-set-editor.css';

interface Row {
  key: number;
  /** The stored label this row edits, while its name is unchanged (its preview then includes what it learned). */
  stored: LabelSetInfo['labels'][number] | undefined;
  name: string;
  phrasings: string;
  exclusions: string;
  threshold: number | null;
}

let nextKey = 1;

function rowsOf(set: LabelSetInfo | undefined): Row[] {
  if (!set) return [{ key: nextKey++, stored: undefined, name: '', phrasings: '', exclusions: '', threshold: null }];
  return set.labels.map((l) => ({ key: nextKey++, stored: l, name: l.name, phrasings: l.phrasings.join('，'), exclusions: l.exclusions.join('，'), threshold: l.threshold }));
}

/** Where an issue is shown: `name`, `labels.3.threshold`… (list items go to their list's field); '' for the set. */
function issueKey(issue: LabelSetIssueInfo): string {
  const [first, index, field] = issue.path;
  if (first === 'labels' && typeof index === 'number') return `labels.${index}.${field ?? 'name'}`;
  return first === 'name' || first === 'description' ? first : '';
}

interface LabelSetEditorProps {
  /** The set being edited; undefined for a new one. */
  set: LabelSetInfo | undefined;
  onSaved(set: LabelSetInfo): void;
  onCancel(): void;
}

/** The label-set editor: labels, phrasings, exclusions and thresholds, with a live preview of the chosen label. */
export function LabelSetEditor({ set, onSaved, onCancel }: LabelSetEditorProps) {
  const { t } = useI18n();
  const [name, setName] = useState(set?.name ?? '');
  const [description, setDescription] = useState(set?.description ?? '');
  const [exclusive, setExclusive] = useState(set?.exclusive ?? false);
  const [rows, setRows] = useState(() => rowsOf(set));
  const [focus, setFocus] = useState(0);
  const [issues, setIssues] = useState<LabelSetIssueInfo[]>([]);
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);

  const update = (key: number, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const issuesAt = (key: string) => issues.filter((i) => issueKey(i) === key);
  const draft = (): LabelSetDraft => ({
    name,
    description: description.trim() || null,
    exclusive,
    labels: rows.map((r) => ({ name: r.name, phrasings: splitList(r.phrasings), exclusions: splitList(r.exclusions), threshold: r.threshold })),
  });

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.invoke('labelSets.save', { ...(set && { id: set.id }), set: draft() });
      if (result.saved) onSaved(result.set);
      else setIssues(result.issues);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setSaving(false);
    }
  };

  const focused = rows[Math.min(focus, rows.length - 1)];
  const setIssuesShown = issuesAt('');
  return (
    <form
      className="label-set-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{set ? t('editor.titleEdit', { name: set.name }) : t('editor.titleNew')}</h2>
      {issues.length > 0 && <p className="label-set-editor-summary" role="alert">{t('editor.invalid', { count: issues.length })}</p>}
      {setIssuesShown.map((i) => (
        <p key={i.message} className="label-set-editor-issue">
          {t('editor.setIssue', { message: i.message })}
        </p>
      ))}
      {error && <ErrorMessage error={error} />}
      <div className="label-set-editor-fields">
        <Field label={t('editor.name')} issues={issuesAt('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('editor.description')} issues={issuesAt('description')}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <label className="label-set-editor-check">
          <input type="checkbox" checked={exclusive} onChange={(e) => setExclusive(e.target.checked)} />
          <span>{t('editor.exclusive')}</span>
        </label>
      </div>
      <div className="label-set-editor-body">
        <div className="label-set-editor-labels">
          <h3>{t('editor.labels')}</h3>
          {rows.map((r, i) => (
            <fieldset key={r.key} className="label-set-editor-row" data-focused={r === focused || undefined} onFocus={() => setFocus(i)}>
              <Field label={t('editor.labelName')} issues={issuesAt(`labels.${i}.name`)}>
                <input value={r.name} onChange={(e) => update(r.key, { name: e.target.value, stored: r.stored?.name === e.target.value ? r.stored : undefined })} />
              </Field>
              <Field label={t('editor.phrasings')} issues={issuesAt(`labels.${i}.phrasings`)}>
                <input value={r.phrasings} onChange={(e) => update(r.key, { phrasings: e.target.value })} />
              </Field>
              <Field label={t('editor.exclusions')} issues={issuesAt(`labels.${i}.exclusions`)}>
                <input value={r.exclusions} onChange={(e) => update(r.key, { exclusions: e.target.value })} />
              </Field>
              <div className="label-set-editor-row-end">
                {!exclusive && (
                  <Field label={t('editor.threshold')} issues={issuesAt(`labels.${i}.threshold`)} group>
                    <span className="label-set-editor-threshold">
                      {r.threshold === null ? t('editor.thresholdDefault') : r.threshold.toFixed(3)}
                      {r.threshold !== null && (
                        <button type="button" className="label-set-editor-link" onClick={() => update(r.key, { threshold: null })}>
                          {t('editor.useDefault')}
                        </button>
                      )}
                    </span>
                  </Field>
                )}
                <Button onClick={() => setFocus(i)}>{t('editor.preview')}</Button>
                <Button variant="danger" disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  {t('editor.removeLabel')}
                </Button>
              </div>
            </fieldset>
          ))}
          <Button
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey++, stored: undefined, name: '', phrasings: '', exclusions: '', threshold: null }]);
              setFocus(rows.length);
            }}
          >
            {t('editor.addLabel')}
          </Button>
        </div>
        {focused && focused.name.trim() && <PreviewOf row={focused} exclusive={exclusive} onThreshold={(threshold) => update(focused.key, { threshold })} />}
      </div>
      <div className="label-set-editor-actions">
        <Button type="submit" variant="primary" disabled={saving}>
          {t('editor.save')}
        </Button>
        <Button onClick={onCancel}>{t('editor.cancel')}</Button>
      </div>
    </form>
  );
}

/** The stored label while its phrasings are as saved (so what it learned shows); else the text as typed. */
function PreviewOf({ row, exclusive, onThreshold }: { row: Row; exclusive: boolean; onThreshold(t: number): void }) {
  const phrasings = splitList(row.phrasings);
  const exclusions = splitList(row.exclusions);
  const same = row.stored && JSON.stringify(row.stored.phrasings) === JSON.stringify(phrasings) && JSON.stringify(row.stored.exclusions) === JSON.stringify(exclusions);
  const source: PreviewSource = same ? { labelId: row.stored!.id } : { draft: { name: row.name.trim(), phrasings, exclusions } };
  return (
    <div className="label-set-editor-preview">
      <ThresholdPreview name={row.name.trim()} source={source} threshold={row.threshold} {...(!exclusive && { onThreshold })} />
    </div>
  );
}

/** A labelled input with its issues under it; `group` for content that holds buttons (a <label> would rename them). */
function Field({ label, issues, group, children }: { label: string; issues: LabelSetIssueInfo[]; group?: boolean; children: React.ReactNode }) {
  const Tag = group ? 'div' : 'label';
  return (
    <Tag className="label-set-editor-field" data-invalid={issues.length > 0 || undefined} {...(group && { role: 'group', 'aria-label': label })}>
      <span>{label}</span>
      {children}
      {issues.map((i) => (
        <em key={`${i.field}:${i.message}`} className="label-set-editor-issue">
          {i.message}
        </em>
      ))}
    </Tag>
  );
}
