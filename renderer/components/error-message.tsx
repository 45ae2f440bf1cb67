import type { ReactNode } from 'react';
import type { ApiError } from '../api/index.js';
import './error-message.css';

/** A refused or failed call, in the core's words (already in the UI's language), with an optional way forward. */
export function ErrorMessage({ error, children }: { error: ApiError; children?: ReactNode }) {
  return (
    <div className="error-message" role="alert" data-code={error.code}>
      <span>{error.message}</span>
      {children}
    </div>
  );
}
