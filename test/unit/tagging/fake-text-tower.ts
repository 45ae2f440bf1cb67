/** Phrases in Latin letters never clash with the Chinese template text. */
export const AXES = ['aa', 'bb', 'cc', 'dd', 'ee', 'ff'];
export const DIM = 8;

/**
 * A text tower where every prompt of a phrase lands on that phrase's axis (at length 2: not normalised), so a
 * phrase's prompt ensemble is exactly its axis. Records what it was asked to encode.
 */
export function fakeTextTower() {
  const calls: string[][] = [];
  const encode = async (texts: string[]) => {
    calls.push(texts);
    const out = new Float32Array(texts.length * DIM);
    texts.forEach((t, i) => (out[i * DIM + AXES.findIndex((a) => t.includes(a))] = 2));
    return out;
  };
  return { calls, encode };
}

/** A vector with the given weight on each phrase's axis. */
export function axis(...weights: [string, number][]): Float32Array {
  const v = new Float32Array(DIM);
  for (const [a, w] of weights) v[AXES.indexOf(a)] = w;
  return v;
}
