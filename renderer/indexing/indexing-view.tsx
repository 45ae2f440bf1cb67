import type { IndexStatus } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { EmptyState } from '../components/empty-state.js';
import { ViewHeader } from '../components/view-header.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';
import { formatEpoch } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { formatDuration } from './format-duration.js';
import { IndexErrorList } from './index-error-list.js';
import { IndexProgressCard } from './index-progress-card.js';
import './indexing-view.css';

/** 索引: the run in progress, what the last one did, and every file that could not be read, with why. */
export function IndexingView({ status, onStatus }: { status: IndexStatus | undefined; onStatus(status: IndexStatus): void }) {
  const { t, locale } = useI18n();
  const errors = useRequest(() => api.invoke('errors.list'), 'errors');
  useApiEvent('library.changed', ({ what }) => what === 'photos' && errors.reload());
  const last = status?.last;

  return (
    <section className="indexing-view">
      <ViewHeader title={t('indexing.title')} />
      <div className="indexing-view-body">
        {status && <IndexProgressCard status={status} onStatus={onStatus} />}
        {last && (
          <div className="indexing-view-last">
            <h2>{t('indexing.lastRun', { when: formatEpoch(locale, last.finishedAt), duration: formatDuration(t, last.durationMs / 1000) })}</h2>
            <ul>
              <li>{t('indexing.added', { count: last.added })}</li>
              <li>{t('indexing.updated', { count: last.updated })}</li>
              <li>{t('indexing.moved', { count: last.moved })}</li>
              <li>{t('indexing.missing', { count: last.missing })}</li>
              <li>{t('indexing.embedded', { count: last.embedded })}</li>
              <li data-bad={last.failed > 0 || undefined}>{t('indexing.failed', { count: last.failed })}</li>
            </ul>
            {last.interrupted && <p>{t('indexing.interrupted')}</p>}
          </div>
        )}
        <h2 className="indexing-view-errors-title">{t('indexing.errors')}</h2>
        {errors.data && errors.data.length === 0 ? <EmptyState title={t('indexing.noErrors')} /> : <IndexErrorList errors={errors.data ?? []} />}
      </div>
    </section>
  );
}
