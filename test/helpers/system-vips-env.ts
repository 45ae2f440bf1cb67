/**
 * Environment for running the system's libvips tools (vips, vipsthumbnail) from a process that has loaded sharp.
 * sharp's bundled libvips sets VIPSHOME in process.env, which child processes inherit; the system libvips then looks
 * for its loadable modules (HEIF among them) under that prefix, finds none, and calls HEIC "not a known file format".
 */
export function systemVipsEnv(): NodeJS.ProcessEnv {
  const { VIPSHOME: _sharpsOwn, ...env } = process.env;
  return env;
}
