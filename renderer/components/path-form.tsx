import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/index.js';
import { Button } from './button.js';
import { ErrorMessage } from './error-message.js';
import './path-form.css';

interface PathFormProps {
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Rejects with ApiError to show why the path was refused; resolves to clear the box. */
  onSubmit(path: string): Promise<unknown>;
  /** More fields inside the form (the vocab file of an import). */
  children?: ReactNode;
}

/**
 * A folder typed or pasted as a path. The bridge runs in a browser, which cannot open the OS folder picker and
 * hand back a path; the Electron shell can add a picker beside it.
 */
export function PathForm({ label, placeholder, submitLabel, onSubmit, children }: PathFormProps) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  return (
    <form
      className="path-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        onSubmit(path.trim()).then(
          () => setPath(''),
          (err: unknown) => setError(err instanceof ApiError ? err : new ApiError({ code: 'INTERNAL', message: String(err) })),
        ).finally(() => setBusy(false));
      }}
    >
      <div className="path-form-row">
        <input type="text" value={path} aria-label={label} placeholder={placeholder} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
        <Button type="submit" variant="primary" disabled={busy || !path.trim()}>
          {submitLabel}
        </Button>
      </div>
      {children}
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
