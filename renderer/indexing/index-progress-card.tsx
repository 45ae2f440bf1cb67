import type { IndexStatus } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { ProgressBar } from '../components/progress-bar.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages-zh-cn.js';
import { formatDuration } from './format-duration.js';
import './index-progress-card.css';

const STATE: Record<string, MessageKey> = {
  idle: 'indexing.idle',
  'running:scan': 'indexing.scanning',
  'running:process': 'indexing.processing',
  running: 'indexing.processing',
  pausing: 'indexing.pausing',
  paused: 'indexing.paused',
};

/** Where the run stands: what it is doing, how far, how fast and how long is left, with pause/resume. */
export function IndexProgressCard({ status, onStatus }: { status: IndexStatus; onStatus(status: IndexStatus): void }) {
  const { t, locale } = useI18n();
  const key = status.state === 'running' && status.phase ? `running:${status.phase}` : status.state;
  const busy = status.state === 'running' || status.state === 'pausing';
  const fraction = status.total > 0 && status.phase === 'process' ? status.done / status.total : null;
  const call = (channel: 'index.start' | 'index.pause' | 'index.resume') => void api.invoke(channel).then(onStatus);

  return (
    <div className="index-progress-card" data-state={status.state}>
      <div className="index-progress-card-head">
        <strong>{t(STATE[key] ?? 'indexing.idle')}</strong>
        <span className="index-progress-card-actions">
          {status.state === 'idle' && (
            <Button variant="primary" onClick={() => call('index.start')}>
              {t('indexing.start')}
            </Button>
          )}
          {status.state === 'running' && <Button onClick={() => call('index.pause')}>{t('indexing.pause')}</Button>}
          {status.state === 'paused' && (
            <Button variant="primary" onClick={() => call('index.resume')}>
              {t('indexing.resume')}
            </Button>
          )}
        </span>
      </div>
      {busy && (
        <>
          <ProgressBar value={fraction} label={t('indexing.progress')} />
          <div className="index-progress-card-numbers">
            <span>{t('indexing.doneOf', { done: status.done, total: status.total })}</span>
            {status.failed > 0 && <span className="index-progress-card-failed">{t('indexing.failedCount', { count: status.failed })}</span>}
            {status.rate !== null && <span>{t('indexing.rate', { rate: status.rate.toLocaleString(locale, { maximumFractionDigits: 1 }) })}</span>}
            {status.etaSeconds !== null && <span>{t('indexing.eta', { time: formatDuration(t, status.etaSeconds) })}</span>}
          </div>
        </>
      )}
      {status.lastError && <p className="index-progress-card-error">{status.lastError.message}</p>}
    </div>
  );
}
