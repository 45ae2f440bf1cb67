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
  /** The OS folder picker, where the host has one (Electron): fills the box; null when the user cancels. */
  pick?: { label: string; run(): Promise<string | null> };
}

/**
 * A folder typed or pasted as a path, or chosen with the OS picker where the host has one: the bridge runs in a
 * browser, which cannot hand back a folder's path; the Electron shell can.
 */
export function PathForm({ label, placeholder, submitLabel, onSubmit, children, pick }: PathFormProps) {
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
        {pick && (
          <Button type="button" disabled={busy} onClick={() => void pick.run().then((chosen) => chosen !== null && setPath(chosen))}>
            {pick.label}
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={busy || !path.trim()}>
          {submitLabel}
        </Button>
      </div>
      {children}
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
