/**
 * Deterministic synthetic embeddings for the vector tests and the benchmark: no real photos needed, and the
 * structure that matters for search is controllable (clusters, a shared direction, near-copies).
 */

/** mulberry32: a small, fast, seedable generator, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sum of four uniforms, centred and scaled to unit variance: close enough to normal for vector noise and 5× cheaper
 * than Box–Muller, but its tails end at ±3.5, so score-distribution tests use gaussian().
 */
export function normalish(rand: () => number): number {
  return (rand() + rand() + rand() + rand() - 2) * Math.sqrt(3);
}

/** Box–Muller: a true normal, tails included. */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < v.length; j++) v[j]! *= inv;
  return v;
}

export function randomUnit(dim: number, rand: () => number, out: Float32Array = new Float32Array(dim)): Float32Array {
  for (let j = 0; j < dim; j++) out[j] = normalish(rand);
  return normalise(out);
}

/** normalise(base + noise) with the noise sized so the result's cosine to the (unit) base is about `cosine`. */
export function nearCopy(base: Float32Array, cosine: number, rand: () => number, out: Float32Array = new Float32Array(base.length)): Float32Array {
  const scale = Math.sqrt(1 / (cosine * cosine) - 1) / Math.sqrt(base.length);
  for (let j = 0; j < base.length; j++) out[j] = base[j]! + scale * normalish(rand);
  return normalise(out);
}

/**
 * CLIP-like library: every vector shares one direction (CLIP embeddings sit in a narrow cone), belongs to one of
 * `clusters` topics (members about 0.75 cosine to their topic), and has its own noise. Queries point at a topic
 * more loosely, like a text query, so the top scores come from one cluster but are not all alike.
 */
export class ClusteredVectors {
  private readonly centres: Float32Array[];
  private readonly shared: Float32Array;

  constructor(
    readonly dim: number,
    clusters: number,
    private readonly rand: () => number,
  ) {
    this.shared = randomUnit(dim, rand);
    this.centres = Array.from({ length: clusters }, () => randomUnit(dim, rand));
  }

  vector(out: Float32Array = new Float32Array(this.dim)): Float32Array {
    return this.mix(0.5, 0.9, out);
  }

  query(out: Float32Array = new Float32Array(this.dim)): Float32Array {
    return this.mix(0.3, 1.6, out);
  }

  private mix(sharedWeight: number, noise: number, out: Float32Array): Float32Array {
    const centre = this.centres[Math.floor(this.rand() * this.centres.length)]!;
    const scale = noise / Math.sqrt(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = sharedWeight * this.shared[j]! + centre[j]! + scale * normalish(this.rand);
    return normalise(out);
  }
}
