import { describe, expect, it } from 'vitest';
import { gracefulQuit } from '../../../main/electron/graceful-shutdown.js';

function quitEvent() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

describe('graceful quit', () => {
  it('holds the quit until the library is closed, then exits cleanly, closing once however often quit is asked', async () => {
    const steps: string[] = [];
    let finishClose!: () => void;
    const onQuit = gracefulQuit(
      () => new Promise<void>((resolve) => { steps.push('close'); finishClose = resolve; }),
      (code) => steps.push(`exit ${code}`),
      () => steps.push('error'),
    );
    const first = quitEvent();
    onQuit(first);
    const second = quitEvent();
    onQuit(second);
    expect([first.prevented, second.prevented]).toEqual([true, true]);
    expect(steps).toEqual(['close']);
    finishClose();
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['close', 'exit 0']);
  });

  it('still exits when closing fails, with a failure code and the error reported', async () => {
    const steps: string[] = [];
    const onQuit = gracefulQuit(
      () => Promise.reject(new Error('disk gone')),
      (code) => steps.push(`exit ${code}`),
      (err) => steps.push(`error ${(err as Error).message}`),
    );
    onQuit(quitEvent());
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['error disk gone', 'exit 1']);
  });
});
