import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { FirstLaunch } from '../first-launch/first-launch.js';
import { I18nProvider } from '../i18n/i18n-provider.js';
import type { Locale } from '../i18n/translate.js';
import { IndexingView } from '../indexing/indexing-view.js';
import { isBusy, useIndexStatus } from '../indexing/use-index-status.js';
import { LibraryView } from '../library/library-view.js';
import { SearchView } from '../search/search-view.js';
import { INITIAL_SEARCH, type SearchState } from '../search/search-state.js';
import { ReviewView } from '../review/review-view.js';
import { SettingsView } from '../settings/settings-view.js';
import { TagsView } from '../tags/tags-view.js';
import { PhotoViewer } from '../viewer/photo-viewer.js';
import type { ViewerTarget } from '../viewer/viewer-target.js';
import { NavBar } from './nav-bar.js';
import type { ViewName } from './route.js';
import './app.css';

interface Boot {
  info: AppInfo;
  firstLaunch: boolean;
}

/** Waits for the core once (language, first launch or not), then shows the app in the library's language. */
export function App() {
  const [boot, setBoot] = useState<Boot>();
  const [locale, setLocaleState] = useState<Locale>('zh-CN');

  useEffect(() => {
    void Promise.all([api.invoke('app.info'), api.invoke('library.status')]).then(([info, status]) => {
      setLocaleState(info.language);
      setBoot({ info, firstLaunch: status.roots.length === 0 && status.photos === 0 });
    });
  }, []);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    void api.invoke('settings.set', { language: next });
  }, []);

  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      {boot && <Shell boot={boot} />}
    </I18nProvider>
  );
}

function Shell({ boot }: { boot: Boot }) {
  const [firstLaunch, setFirstLaunch] = useState(boot.firstLaunch);
  const [view, setView] = useState<ViewName>('library');
  const [search, setSearch] = useState<SearchState>(INITIAL_SEARCH);
  const [viewer, setViewer] = useState<ViewerTarget | null>(null);
  const [indexStatus, setIndexStatus] = useIndexStatus();
  const busy = isBusy(indexStatus);

  const openSettings = useCallback(() => setView('settings'), []);
  const closeViewer = useCallback(() => setViewer(null), []);
  const findSimilar = useCallback((id: number) => {
    setViewer(null);
    setSearch((s) => ({ ...s, mode: 'similar', similarTo: id }));
    setView('search');
  }, []);

  if (firstLaunch)
    return (
      <FirstLaunch
        canPickFolder={boot.info.features.pickFolder}
        onStarted={(status) => {
          setIndexStatus(status);
          setFirstLaunch(false);
        }}
      />
    );

  const badge = busy && indexStatus && indexStatus.total > 0 ? `${Math.floor((indexStatus.done / indexStatus.total) * 100)}%` : undefined;
  return (
    <div className="app">
      <NavBar current={view} onNavigate={setView} indexingBadge={badge} />
      <main className="app-main">
        {view === 'library' && <LibraryView onOpen={setViewer} onAddFolders={openSettings} indexing={busy} />}
        {view === 'search' && <SearchView state={search} onChange={setSearch} onOpen={setViewer} onOpenSettings={openSettings} />}
        {view === 'review' && <ReviewView onOpen={setViewer} />}
        {view === 'tags' && <TagsView onOpen={setViewer} />}
        {view === 'indexing' && <IndexingView status={indexStatus} onStatus={setIndexStatus} />}
        {view === 'settings' && <SettingsView actualProvider={boot.info.provider.actual} canPickFolder={boot.info.features.pickFolder} />}
      </main>
      {viewer && (
        <PhotoViewer
          target={viewer}
          canShowInFolder={boot.info.features.showInFolder}
          onNavigate={setViewer}
          onClose={closeViewer}
          onFindSimilar={findSimilar}
        />
      )}
    </div>
  );
}
