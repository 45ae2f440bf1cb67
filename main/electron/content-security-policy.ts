import { MEDIA_SCHEME } from '../common/ipc-contract.js';

/**
 * The one CSP every app:// and xuntu-media:// response carries. The renderer bundle (scripts/build-renderer.mjs)
 * is one external app.js and one app.css with no inline script or <style>, and React sets styles through the CSSOM
 * (allowed without 'unsafe-inline'), so nothing here needs an unsafe-* source. Thumbnails come from the media
 * scheme; `data:` covers the empty favicon in index.html. It talks to the core over IPC only, so no connect-src
 * beyond 'self' (default-src).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `img-src 'self' ${MEDIA_SCHEME}: data:`,
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
