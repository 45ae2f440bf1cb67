import { useState } from 'react';
import type { TaggingStatus } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';

/** Every label set with counts, fresh whenever tags change; plus whether re-tagging is under way. */
export function useLabelSets() {
  const sets = useRequest(() => api.invoke('labelSets.list'), 'labelSets');
  const [tagging, setTagging] = useState<TaggingStatus | null>(null);
  useApiEvent('library.changed', ({ what }) => what === 'tags' && sets.reload());
  useApiEvent('tagging.progress', setTagging);
  return { sets, running: tagging?.state === 'running' };
}
