import { useState } from 'react';
import type { IndexStatus } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { FolderSettings } from '../settings/folder-settings.js';
import { ModelManager } from '../settings/model-manager.js';
import './first-launch.css';

/** First launch: folders, then a model, then indexing starts and the library opens while photos arrive. */
export function FirstLaunch({ onStarted, canPickFolder }: { onStarted(status: IndexStatus): void; canPickFolder: boolean }) {
  const { t } = useI18n();
  const [step, setStep] = useState<'folders' | 'model'>('folders');
  const roots = useRequest(() => api.invoke('roots.list'), 'roots');
  const models = useRequest(() => api.invoke('models.list'), 'models');
  useApiEvent('library.changed', ({ what }) => (what === 'roots' ? roots.reload() : what === 'model' && models.reload()));
  const hasModel = Boolean(models.data?.active);

  return (
    <main className="first-launch">
      <div className="first-launch-card">
        <p className="first-launch-brand">{t('app.name')}</p>
        <h1>{t('welcome.title')}</h1>
        <ol className="first-launch-steps">
          <li aria-current={step === 'folders' ? 'step' : undefined}>{t('welcome.stepFolders')}</li>
          <li aria-current={step === 'model' ? 'step' : undefined}>{t('welcome.stepModel')}</li>
        </ol>
        {step === 'folders' ? (
          <>
            <p className="first-launch-lead">{t('welcome.foldersLead')}</p>
            <FolderSettings canPickFolder={canPickFolder} />
            <div className="first-launch-actions">
              <Button variant="primary" disabled={!roots.data?.length} onClick={() => setStep('model')}>
                {t('welcome.next')}
              </Button>
            </div>
          </>
        ) : (
          <>
            <p className="first-launch-lead">{t('welcome.modelLead')}</p>
            <ModelManager />
            <div className="first-launch-actions">
              <Button onClick={() => setStep('folders')}>{t('welcome.back')}</Button>
              <Button variant="primary" onClick={() => void api.invoke('index.start').then(onStarted)}>
                {hasModel ? t('welcome.start') : t('welcome.startWithoutModel')}
              </Button>
            </div>
          </>
        )}
      </div>
    </main>
  );
}
