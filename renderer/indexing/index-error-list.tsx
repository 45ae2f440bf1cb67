import type { IndexErrorItem } from '../../main/common/ipc-contract.js';
import { useI18n } from '../i18n/i18n-provider.js';
import './index-error-list.css';

/** Files that could not be indexed: the name first (what the user recognises), then why, then where. */
export function IndexErrorList({ errors }: { errors: readonly IndexErrorItem[] }) {
  const { t } = useI18n();
  return (
    <table className="index-error-list">
      <thead>
        <tr>
          <th>{t('indexing.errorFile')}</th>
          <th>{t('indexing.errorReason')}</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e) => {
          const cut = Math.max(e.path.lastIndexOf('/'), e.path.lastIndexOf('\\'));
          return (
            <tr key={e.path} data-code={e.code}>
              <td>
                <div className="index-error-list-name">{e.path.slice(cut + 1)}</div>
                <div className="index-error-list-folder">{e.path.slice(0, cut)}</div>
              </td>
              <td>{e.reason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
