import { useEffect } from 'react';
import { api } from '../api/index.js';
import { Button } from '../components/button.js';
import { ErrorMessage } from '../components/error-message.js';
import { Icon } from '../components/icon.js';
import { useRequest } from '../hooks/use-request.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { PhotoFacts } from './photo-facts.js';
import { PhotoTags } from './photo-tags.js';
import { SimilarStrip } from './similar-strip.js';
import type { ViewerTarget } from './viewer-target.js';
import './photo-viewer.css';

interface PhotoViewerProps {
  target: ViewerTarget;
  canShowInFolder: boolean;
  onNavigate(target: ViewerTarget): void;
  onClose(): void;
  onFindSimilar(photoId: number): void;
}

/** 详情: the photo large, what is known about it, and photos like it. Esc closes, ←/→ step through the list. */
export function PhotoViewer({ target, canShowInFolder, onNavigate, onClose, onFindSimilar }: PhotoViewerProps) {
  const { t } = useI18n();
  const detail = useRequest(() => api.invoke('photo.detail', { id: target.id }), String(target.id));
  const photo = detail.data;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
      const next = step && target.neighbour(step);
      if (next) onNavigate(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [target, onNavigate, onClose]);

  const previous = target.neighbour(-1);
  const next = target.neighbour(1);

  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={t('viewer.label')}>
      <div className="photo-viewer-stage">
        {photo && <img key={photo.id} src={api.mediaUrl('preview', photo.hash)} alt={photo.fileName} />}
        {previous && (
          <button type="button" className="photo-viewer-step photo-viewer-previous" aria-label={t('viewer.previous')} onClick={() => onNavigate(previous)}>
            <Icon name="chevronLeft" size={28} />
          </button>
        )}
        {next && (
          <button type="button" className="photo-viewer-step photo-viewer-next" aria-label={t('viewer.next')} onClick={() => onNavigate(next)}>
            <Icon name="chevronRight" size={28} />
          </button>
        )}
      </div>
      <aside className="photo-viewer-panel">
        <div className="photo-viewer-panel-top">
          <h2 title={photo?.fileName}>{photo?.fileName ?? ''}</h2>
          <button type="button" className="photo-viewer-close" aria-label={t('viewer.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        {detail.error && <ErrorMessage error={detail.error} />}
        {photo && (
          <>
            <PhotoFacts photo={photo} />
            <PhotoTags photoId={photo.id} tags={photo.tags} onChanged={detail.reload} />
            <div className="photo-viewer-actions">
              <Button disabled={!photo.embedded} title={photo.embedded ? undefined : t('viewer.notEmbedded')} onClick={() => onFindSimilar(photo.id)}>
                <Icon name="similar" size={16} />
                {t('viewer.findSimilar')}
              </Button>
              {canShowInFolder && (
                <Button onClick={() => void api.invoke('shell.showInFolder', { id: photo.id })}>
                  <Icon name="folder" size={16} />
                  {t('viewer.showInFolder')}
                </Button>
              )}
            </div>
            {photo.embedded && <SimilarStrip photoId={photo.id} onOpen={onNavigate} />}
          </>
        )}
      </aside>
    </div>
  );
}
