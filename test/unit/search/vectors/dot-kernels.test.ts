import { describe, expect, it } from 'vitest';
import { FloatMatrix } from '../../../../main/core/search/vectors/float-matrix.js';
import { Int8Matrix } from '../../../../main/core/search/vectors/int8-matrix.js';
import { sleb, uleb } from '../../../../main/core/search/vectors/wasm-module-bytes.js';
import { randomUnit, rng } from './synthetic-vectors.js';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

describe('LEB128', () => {
  it('encodes like the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });
});

describe('float32 kernel', () => {
  it.each([1, 31, 32, 33, 100, 512])('scores %i-d rows like a scalar loop, padding included', (dim) => {
    const rand = rng(dim);
    const rows = Array.from({ length: 50 }, () => randomUnit(dim, rand));
    const matrix = new FloatMatrix(dim, 50);
    rows.forEach((v, r) => matrix.setRow(r, v));
    const q = randomUnit(dim, rand);
    matrix.setQuery(q);
    const scores = matrix.scoreRows(3, 40);
    expect(scores.length).toBe(40);
    scores.forEach((s, k) => expect(s).toBeCloseTo(dot(rows[3 + k]!, q), 6));
  });

  it('lists the rows at or above a threshold, with the query set or read from a row', () => {
    const dim = 40;
    const rand = rng(1);
    const rows = Array.from({ length: 300 }, () => randomUnit(dim, rand));
    const matrix = new FloatMatrix(dim, 300);
    rows.forEach((v, r) => matrix.setRow(r, v));
    const expected = (q: Float32Array, start: number) =>
      rows.slice(start).flatMap((v, k) => (dot(v, q) >= 0.1 ? [k] : []));
    matrix.setQuery(rows[7]!);
    expect([...matrix.rowsAbove(10, 290, 0.1)]).toEqual(expected(rows[7]!, 10));
    expect([...matrix.rowsAbove(10, 290, 0.1, 42)]).toEqual(expected(rows[42]!, 10));
  });

  it('keeps rows across growth', () => {
    const matrix = new FloatMatrix(512, 1);
    const v = randomUnit(512, rng(2));
    matrix.setRow(0, v);
    matrix.reserve(50_000);
    expect(matrix.capacity).toBeGreaterThanOrEqual(50_000);
    expect([...matrix.row(0)]).toEqual([...v]);
  });
});

describe('int8 kernel', () => {
  it('sums exactly, without int32 overflow at the extremes', () => {
    const dim = 512;
    const matrix = new Int8Matrix(dim, 2);
    // Every component at the same magnitude: each row quantises to ±127 everywhere, the query to ±its maximum.
    const plus = new Float32Array(dim).fill(1 / Math.sqrt(dim));
    const minus = plus.map((x) => -x);
    matrix.setRow(0, plus);
    matrix.setRow(1, minus);
    const { invScale, error } = matrix.setQuery(plus);
    expect(error).toBeLessThan(1e-6);
    const sums = matrix.sumRows(0, 2);
    expect(sums[0]! * matrix.rowInvScale[0]! * invScale).toBeCloseTo(1, 5);
    expect(sums[1]! * matrix.rowInvScale[1]! * invScale).toBeCloseTo(-1, 5);
  });

  it.each([7, 64, 300])('stays within its stated error bound (%i-d)', (dim) => {
    const rand = rng(dim);
    const matrix = new Int8Matrix(dim, 200);
    const rows = Array.from({ length: 200 }, (_, r) => {
      const v = randomUnit(dim, rand);
      matrix.setRow(r, v);
      return v;
    });
    const q = randomUnit(dim, rand);
    const { invScale, error } = matrix.setQuery(q);
    matrix.sumRows(0, 200).forEach((sum, r) => {
      const approx = sum * matrix.rowInvScale[r]! * invScale;
      const bound = matrix.residual[r]! * (1 + error) + error;
      expect(Math.abs(approx - dot(rows[r]!, q))).toBeLessThanOrEqual(bound + 1e-6);
    });
  });
});
