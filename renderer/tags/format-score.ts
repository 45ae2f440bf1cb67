/** Cosines and probabilities to three places: enough to tell neighbours apart near a threshold. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(3);
}

/** The editor's comma lists: ASCII or Chinese commas, 顿号 or new lines all separate. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
