import type { ReactNode } from 'react';
import type { ProviderSetting, Settings } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { ViewHeader } from '../components/view-header.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages-zh-cn.js';
import { FolderSettings } from './folder-settings.js';
import { ModelManager } from './model-manager.js';
import './settings-view.css';

// A record, not the contract's PROVIDERS array: a value import would pull zod into the bundle.
const PROVIDER_LABELS: Record<ProviderSetting, MessageKey> = {
  auto: 'settings.providerAuto',
  cpu: 'settings.providerCpu',
  cuda: 'settings.providerCuda',
  dml: 'settings.providerDml',
  coreml: 'settings.providerCoreml',
  webgpu: 'settings.providerWebgpu',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="settings-view-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** 设置: folders, models, how inference runs, language. */
export function SettingsView({ actualProvider, canPickFolder }: { actualProvider: string | null; canPickFolder: boolean }) {
  const { t, locale, setLocale } = useI18n();
  const settings = useRequest(() => api.invoke('settings.get'), 'settings');
  const update = (change: Partial<Settings>) => void api.invoke('settings.set', change).then(settings.reload);
  const current = settings.data;

  return (
    <section className="settings-view">
      <ViewHeader title={t('settings.title')} />
      <div className="settings-view-body">
        <Section title={t('settings.folders')}>
          <FolderSettings canPickFolder={canPickFolder} />
        </Section>
        <Section title={t('settings.models')}>
          <ModelManager />
        </Section>
        <Section title={t('settings.performance')}>
          {current && (
            <div className="settings-view-fields">
              <label className="settings-view-field">
                <span>{t('settings.provider')}</span>
                <select value={current.provider} onChange={(e) => update({ provider: e.target.value as ProviderSetting })}>
                  {(Object.keys(PROVIDER_LABELS) as ProviderSetting[]).map((p) => (
                    <option key={p} value={p}>
                      {t(PROVIDER_LABELS[p])}
                    </option>
                  ))}
                </select>
              </label>
              <label className="settings-view-field">
                <span>{t('settings.threads')}</span>
                <select value={current.threads ?? 0} onChange={(e) => update({ threads: Number(e.target.value) || null })}>
                  <option value={0}>{t('settings.threadsAuto')}</option>
                  {Array.from({ length: Math.max(navigator.hardwareConcurrency || 4, current.threads ?? 0) }, (_, i) => (
                    <option key={i + 1} value={i + 1}>
                      {i + 1}
                    </option>
                  ))}
                </select>
              </label>
              {actualProvider && <p className="settings-view-note">{t('settings.providerActual', { provider: actualProvider })}</p>}
            </div>
          )}
        </Section>
        <Section title={t('settings.language')}>
          <SegmentedControl
            label={t('settings.language')}
            value={locale}
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
            onChange={setLocale}
          />
        </Section>
      </div>
    </section>
  );
}
