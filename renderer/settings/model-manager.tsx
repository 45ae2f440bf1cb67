import { useState } from 'react';
import type { ModelFetchProgress, ModelsInfo } from '../../main/common/ipc-contract.js';
import { api, ApiError } from '../api/index.js';
import { Button } from '../components/button.js';
import { ErrorMessage } from '../components/error-message.js';
import { PathForm } from '../components/path-form.js';
import { ProgressBar } from '../components/progress-bar.js';
import { TextField } from '../components/text-field.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { formatBytes } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import './model-manager.css';

/** The models: which one the library uses, the catalog to download from, and import from a folder. */
export function ModelManager() {
  const { t, locale } = useI18n();
  const models = useRequest(() => api.invoke('models.list'), 'models');
  const [progress, setProgress] = useState<ModelFetchProgress | null>(null);
  const [error, setError] = useState<ApiError>();
  const [vocab, setVocab] = useState('');
  useApiEvent('models.fetchProgress', setProgress);
  useApiEvent('library.changed', ({ what }) => what === 'model' && models.reload());

  const info: ModelsInfo | undefined = models.data;
  const fetching = progress ?? info?.fetching ?? null;
  const run = (call: Promise<unknown>) =>
    call.then(models.reload, (err: unknown) => err instanceof ApiError && setError(err)).finally(() => setProgress(null));

  return (
    <div className="model-manager">
      {error && <ErrorMessage error={error} />}
      {info?.installed.map((m) => (
        <div key={m.dir} className="model-manager-row" data-active={m.active || undefined}>
          <div>
            <div className="model-manager-name">
              {m.id} <span className="model-manager-variant">{m.variant}</span>
            </div>
            <div className="model-manager-meta">{m.problem ?? (m.dim !== null ? t('models.dim', { dim: m.dim }) : '')}</div>
          </div>
          {m.active ? (
            <span className="model-manager-active">{t('models.inUse')}</span>
          ) : (
            <Button disabled={m.problem !== null} onClick={() => run(api.invoke('models.use', { id: m.id, variant: m.variant }))}>
              {t('models.use')}
            </Button>
          )}
        </div>
      ))}
      {info?.catalog
        .filter((c) => c.downloadable && c.installed.length === 0)
        .map((c) => {
          const variant = c.variants.find((v) => v.id === c.defaultVariant);
          const mine = fetching?.id === c.id;
          return (
            <div key={c.id} className="model-manager-row">
              <div>
                <div className="model-manager-name">
                  {locale === 'en' ? c.name.en : c.name.zh}
                  {c.default && <span className="model-manager-variant">{t('models.recommended')}</span>}
                </div>
                <div className="model-manager-meta">{locale === 'en' ? c.description.en : c.description.zh}</div>
                {mine && fetching && (
                  <div className="model-manager-progress">
                    <ProgressBar value={fetching.total ? fetching.received / fetching.total : null} label={t('models.downloading')} />
                    <span>{t('models.fileOf', { index: fetching.index + 1, count: fetching.count, received: formatBytes(locale, fetching.received) })}</span>
                  </div>
                )}
              </div>
              {mine ? (
                <Button onClick={() => void api.invoke('models.cancelFetch')}>{t('models.cancel')}</Button>
              ) : (
                <Button disabled={fetching !== null} onClick={() => run(api.invoke('models.fetch', { id: c.id, use: true }))}>
                  {t('models.download')}
                  {variant?.approxBytes ? ` · ${formatBytes(locale, variant.approxBytes)}` : ''}
                </Button>
              )}
            </div>
          );
        })}
      <h3 className="model-manager-import">{t('models.importTitle')}</h3>
      <PathForm
        label={t('models.importFolder')}
        placeholder={t('models.importPlaceholder')}
        submitLabel={t('models.import')}
        onSubmit={async (folder) => {
          await api.invoke('models.import', { folder, use: true, ...(vocab.trim() ? { vocab: vocab.trim() } : {}) });
          models.reload();
        }}
      >
        <TextField label={t('models.vocab')} value={vocab} spellCheck={false} placeholder={t('models.vocabPlaceholder')} onChange={(e) => setVocab(e.target.value)} />
      </PathForm>
    </div>
  );
}
