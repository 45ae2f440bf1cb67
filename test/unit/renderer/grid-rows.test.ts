import { describe, expect, it } from 'vitest';
import { gridRows, moveFocus } from '../../../renderer/photos/grid-rows.js';

describe('grid rows', () => {
  // Three months: 5 photos, 2 photos, 4 photos, in rows of 3.
  const layout = gridRows([{ count: 5 }, { count: 2 }, { count: 4 }], 3);

  it('puts a header before each group and wraps its photos into rows', () => {
    expect(layout.rows).toEqual([
      { kind: 'header', group: 0 },
      { kind: 'photos', group: 0, start: 0, count: 3 },
      { kind: 'photos', group: 0, start: 3, count: 2 },
      { kind: 'header', group: 1 },
      { kind: 'photos', group: 1, start: 5, count: 2 },
      { kind: 'header', group: 2 },
      { kind: 'photos', group: 2, start: 7, count: 3 },
      { kind: 'photos', group: 2, start: 10, count: 1 },
    ]);
    expect(layout.headerRow).toEqual([0, 3, 5]);
    expect(layout.total).toBe(11);
  });

  it('finds the row of any photo', () => {
    expect([0, 2, 3, 4, 5, 6, 7, 9, 10].map((p) => layout.rowOfPhoto(p))).toEqual([1, 1, 2, 2, 4, 4, 6, 6, 7]);
  });

  it('moves up and down keeping the column, clamped to shorter rows, across month headers', () => {
    expect(moveFocus(layout, 2, 'ArrowDown')).toBe(4); // column 2 → the 2-photo row's last
    expect(moveFocus(layout, 4, 'ArrowDown')).toBe(6); // next month, column 1
    expect(moveFocus(layout, 6, 'ArrowDown')).toBe(8);
    expect(moveFocus(layout, 8, 'ArrowUp')).toBe(6);
    expect(moveFocus(layout, 1, 'ArrowUp')).toBe(1); // top row stays
    expect(moveFocus(layout, 10, 'ArrowDown')).toBe(10); // bottom row stays
  });

  it('steps left and right through the whole timeline, stopping at its ends', () => {
    expect(moveFocus(layout, 4, 'ArrowRight')).toBe(5);
    expect(moveFocus(layout, 0, 'ArrowLeft')).toBe(0);
    expect(moveFocus(layout, 10, 'ArrowRight')).toBe(10);
  });

  it('lays out 100,000 photos by counts alone', () => {
    const months = Array.from({ length: 240 }, (_, i) => ({ count: 400 + (i % 17) }));
    const big = gridRows(months, 7);
    expect(big.total).toBe(months.reduce((n, m) => n + m.count, 0));
    const last = big.total - 1;
    const row = big.rows[big.rowOfPhoto(last)]!;
    expect(row.kind === 'photos' && last >= row.start && last < row.start + row.count).toBe(true);
  });
});
