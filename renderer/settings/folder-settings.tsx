import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { PathForm } from '../components/path-form.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { formatEpoch } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import './folder-settings.css';

/** The library's folders: add one by path or the OS picker (desktop app), forget one (its files are never touched). */
export function FolderSettings({ canPickFolder }: { canPickFolder: boolean }) {
  const { t, locale } = useI18n();
  const roots = useRequest(() => api.invoke('roots.list'), 'roots');
  useApiEvent('library.changed', ({ what }) => (what === 'roots' || what === 'photos') && roots.reload());

  return (
    <div className="folder-settings">
      {roots.data && roots.data.length > 0 && (
        <ul className="folder-settings-list">
          {roots.data.map((root) => (
            <li key={root.path} data-status={root.status}>
              <div className="folder-settings-path">{root.path}</div>
              <div className="folder-settings-meta">
                {root.status === 'offline' ? t('folders.offline') : t('library.count', { count: root.photos })}
                {root.lastScanAt !== null && ` · ${t('folders.lastScan', { when: formatEpoch(locale, root.lastScanAt) })}`}
              </div>
              <Button
                variant="danger"
                onClick={() => {
                  if (window.confirm(t('folders.confirmRemove', { path: root.path }))) void api.invoke('roots.remove', { path: root.path }).then(roots.reload);
                }}
              >
                {t('folders.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <PathForm
        label={t('folders.pathLabel')}
        placeholder={t('folders.pathPlaceholder')}
        submitLabel={t('folders.add')}
        pick={canPickFolder ? { label: t('folders.pick'), run: async () => (await api.invoke('dialog.pickFolder')).path } : undefined}
        onSubmit={async (path) => {
          await api.invoke('roots.add', { path });
          roots.reload();
        }}
      />
    </div>
  );
}
