import { describe, expect, it } from 'vitest';
import { AdmissionGate } from '../../../main/core/infer/admission-gate.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AdmissionGate', () => {
  it('admits up to its capacity, then makes the rest wait their turn', async () => {
    const gate = new AdmissionGate(2);
    const order: number[] = [];
    const entries = [1, 2, 3, 4].map((n) => gate.acquire().then(() => order.push(n)));
    await settle();
    expect(order).toEqual([1, 2]);
    expect(gate.inUse).toBe(2);
    expect(gate.hasRoom).toBe(false);

    gate.release();
    await settle();
    expect(order).toEqual([1, 2, 3]);
    gate.release();
    gate.release();
    await Promise.all(entries);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(gate.inUse).toBe(1);
    expect(gate.highWater).toBe(2);
  });

  it('hands a released place to a waiter before a newcomer', async () => {
    const gate = new AdmissionGate(1);
    await gate.acquire();
    const order: string[] = [];
    const waiter = gate.acquire().then(() => order.push('waiter'));
    gate.release();
    const newcomer = gate.acquire().then(() => order.push('newcomer'));
    await waiter;
    gate.release();
    await newcomer;
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('whenRoom waits for a free place, not for a handed-over one', async () => {
    const gate = new AdmissionGate(1);
    await gate.acquire();
    let room = false;
    const roomy = gate.whenRoom().then(() => (room = true));
    const waiter = gate.acquire();
    gate.release(); // handed to the waiter: still full
    await waiter;
    await settle();
    expect(room).toBe(false);
    gate.release();
    await roomy;
    expect(room).toBe(true);
  });

  it('refuses waiters when told to', async () => {
    const gate = new AdmissionGate(1);
    await gate.acquire();
    const waiting = gate.acquire();
    gate.refuseWaiters(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
  });

  it('needs a positive integer capacity', () => {
    expect(() => new AdmissionGate(0)).toThrow(RangeError);
    expect(() => new AdmissionGate(1.5)).toThrow(RangeError);
  });
});
