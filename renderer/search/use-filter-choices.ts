import type { CameraCount, LabelSetInfo, RootInfo } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { useApiEvent } from '../hooks/use-api-event.js';
import { useRequest } from '../hooks/use-request.js';

/** What the filter bar offers: the library's folders, label sets and cameras (empty until they arrive). */
export interface FilterChoices {
  roots: readonly RootInfo[];
  labelSets: readonly LabelSetInfo[];
  cameras: readonly CameraCount[];
}

const loadRoots = () => api.invoke('roots.list');
const loadLabelSets = () => api.invoke('labelSets.list');
const loadCameras = () => api.invoke('library.cameras');

/** Loads the choices once and again when what they list changes (a root added, a label set saved, new photos). */
export function useFilterChoices(): FilterChoices {
  const roots = useRequest(loadRoots, 'roots');
  const labelSets = useRequest(loadLabelSets, 'labelSets');
  const cameras = useRequest(loadCameras, 'cameras');
  useApiEvent('library.changed', ({ what }) => {
    if (what === 'roots') roots.reload();
    if (what === 'photos' || what === 'roots') cameras.reload();
    if (what === 'tags') labelSets.reload();
  });
  return { roots: roots.data ?? [], labelSets: labelSets.data ?? [], cameras: cameras.data ?? [] };
}
