import type { I18n } from '../i18n/i18n-provider.js';

/** A rough, readable length of time: an ETA does not deserve seconds once it is past a minute. */
export function formatDuration(t: I18n['t'], seconds: number): string {
  if (seconds < 60) return t('time.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('time.minutes', { count: Math.round(seconds / 60) });
  const hours = Math.floor(seconds / 3600);
  return t('time.hoursMinutes', { hours, minutes: Math.round((seconds % 3600) / 60) });
}
