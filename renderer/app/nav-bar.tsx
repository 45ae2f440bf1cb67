import { Icon, type IconName } from '../components/icon.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages-zh-cn.js';
import type { ViewName } from './route.js';
import './nav-bar.css';

const ITEMS: readonly { view: ViewName; icon: IconName; label: MessageKey }[] = [
  { view: 'library', icon: 'library', label: 'nav.library' },
  { view: 'search', icon: 'search', label: 'nav.search' },
  { view: 'review', icon: 'review', label: 'nav.review' },
  { view: 'tags', icon: 'tags', label: 'nav.tags' },
  { view: 'indexing', icon: 'indexing', label: 'nav.indexing' },
  { view: 'settings', icon: 'settings', label: 'nav.settings' },
];

interface NavBarProps {
  current: ViewName;
  onNavigate(view: ViewName): void;
  /** Shown beside 索引 while a run is in progress. */
  indexingBadge?: string;
}

export function NavBar({ current, onNavigate, indexingBadge }: NavBarProps) {
  const { t } = useI18n();
  return (
    <nav className="nav-bar" aria-label={t('nav.label')}>
      <div className="nav-bar-brand">{t('app.name')}</div>
      {ITEMS.map((item) => (
        <button
          key={item.view}
          type="button"
          className="nav-bar-item"
          aria-current={current === item.view ? 'page' : undefined}
          onClick={() => onNavigate(item.view)}
        >
          <Icon name={item.icon} />
          <span>{t(item.label)}</span>
          {item.view === 'indexing' && indexingBadge && <span className="nav-bar-badge">{indexingBadge}</span>}
        </button>
      ))}
    </nav>
  );
}
