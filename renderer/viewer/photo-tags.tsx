import type { PhotoTag } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Icon } from '../components/icon.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { formatScore } from '../tags/format-score.js';
import './photo-tags.css';

/** The photo's tags with their scores; a suggestion is confirmed or rejected here, a decision taken back. */
export function PhotoTags({ photoId, tags, onChanged }: { photoId: number; tags: PhotoTag[]; onChanged(): void }) {
  const { t } = useI18n();
  const decide = (tag: PhotoTag, decision: 'confirmed' | 'rejected' | 'clear') =>
    void api.invoke('tags.decide', { photoIds: [photoId], labelId: tag.labelId, decision }).then(onChanged);
  return (
    <section className="photo-tags">
      <h3>{t('photoTags.title')}</h3>
      {tags.length === 0 && <p className="photo-tags-none">{t('photoTags.none')}</p>}
      <ul>
        {tags.map((tag) => (
          <li key={tag.labelId} data-source={tag.source} data-label={tag.label}>
            <span className="photo-tags-name" title={`${tag.set} / ${tag.label}`}>
              {tag.label}
              <small>{tag.set}</small>
            </span>
            <span className="photo-tags-score">{formatScore(tag.score)}</span>
            {tag.source === 'auto' ? (
              <>
                <button type="button" aria-label={t('photoTags.confirm', { label: tag.label })} onClick={() => decide(tag, 'confirmed')}>
                  <Icon name="check" size={14} />
                </button>
                <button type="button" aria-label={t('photoTags.reject', { label: tag.label })} onClick={() => decide(tag, 'rejected')}>
                  <Icon name="close" size={14} />
                </button>
              </>
            ) : (
              <button type="button" className="photo-tags-decided" aria-label={t('photoTags.undo', { label: tag.label })} onClick={() => decide(tag, 'clear')}>
                {t(`tags.source.${tag.source}`)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
