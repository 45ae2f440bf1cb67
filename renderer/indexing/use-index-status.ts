import { useEffect, useState } from 'react';
import type { IndexStatus } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { useApiEvent } from '../hooks/use-api-event.js';

/** The indexer's state: asked once, then kept current by `index.progress` events. */
export function useIndexStatus(): [IndexStatus | undefined, (status: IndexStatus) => void] {
  const [status, setStatus] = useState<IndexStatus>();
  useEffect(() => {
    void api.invoke('index.status').then((s) => setStatus((current) => current ?? s));
  }, []);
  useApiEvent('index.progress', setStatus);
  return [status, setStatus];
}

export function isBusy(status: IndexStatus | undefined): boolean {
  return status?.state === 'running' || status?.state === 'pausing';
}
