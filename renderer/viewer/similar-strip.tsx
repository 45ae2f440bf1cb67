import { api } from '../api/index.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { viewerTarget, type ViewerTarget } from './viewer-target.js';
import './similar-strip.css';

const COUNT = 9;

/** A few photos like this one; opening one keeps ←/→ within them. */
export function SimilarStrip({ photoId, onOpen }: { photoId: number; onOpen(target: ViewerTarget): void }) {
  const { t } = useI18n();
  const similar = useRequest(() => api.invoke('search.similar', { id: photoId, limit: COUNT }), String(photoId));
  const hits = similar.data ?? [];
  if (hits.length === 0) return null;
  return (
    <section className="similar-strip">
      <h3>{t('viewer.similar')}</h3>
      <div className="similar-strip-grid">
        {hits.map((hit, i) => (
          <button key={hit.photo.id} type="button" onClick={() => onOpen(viewerTarget((p) => hits[p]?.photo.id, i)!)}>
            <img src={api.mediaUrl('grid', hit.photo.hash)} alt="" />
          </button>
        ))}
      </div>
    </section>
  );
}
