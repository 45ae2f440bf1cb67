/**
 * A path as one terminal line: file names may legally hold newlines and other control characters, which would
 * break line-oriented output (and could move the cursor); those paths are shown JSON-quoted instead.
 */
export function displayPath(p: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(p) ? JSON.stringify(p) : p;
}
