import type { PhotoDetail } from '../../main/common/ipc-contract.js';
import { formatBytes, formatCoordinates, formatTakenAt } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import type { MessageKey } from '../i18n/messages-zh-cn.js';
import './photo-facts.css';

/** Where the capture time came from, so a date read from a file name is not mistaken for the camera's. */
const SOURCES: Record<string, MessageKey> = {
  'exif-original': 'facts.sourceExif',
  'exif-digitized': 'facts.sourceExif',
  'exif-modified': 'facts.sourceExifModified',
  gps: 'facts.sourceGps',
  xmp: 'facts.sourceXmp',
  filename: 'facts.sourceFilename',
  'file-mtime': 'facts.sourceMtime',
};

export function PhotoFacts({ photo }: { photo: PhotoDetail }) {
  const { t, locale } = useI18n();
  const source = SOURCES[photo.takenSource];
  const camera = [photo.camera.make, photo.camera.model].filter(Boolean).join(' ');
  const rows: [MessageKey, string | null][] = [
    ['facts.taken', photo.takenAt && `${formatTakenAt(locale, photo.takenAt)}${source ? ` · ${t(source)}` : ''}`],
    ['facts.dimensions', `${photo.width} × ${photo.height}`],
    ['facts.file', `${photo.format.toUpperCase()} · ${formatBytes(locale, photo.size)}`],
    ['facts.camera', camera || null],
    ['facts.lens', photo.camera.lens],
    ['facts.location', photo.gps && `${formatCoordinates(photo.gps.lat, photo.gps.lon)}${photo.gps.alt !== null ? ` · ${Math.round(photo.gps.alt)} m` : ''}`],
    ['facts.folder', photo.folder],
  ];
  return (
    <dl className="photo-facts">
      {photo.status === 'missing' && <p className="photo-facts-missing">{t('facts.missing')}</p>}
      {rows.map(([label, value]) =>
        value === null ? null : (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ),
      )}
    </dl>
  );
}
