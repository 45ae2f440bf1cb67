import http from 'node:http';
import type { AppEvent, AppEvents } from '../../../main/common/ipc-contract.js';

/** Reads GET /events as a browser's EventSource would, keeping every event for the test to wait on. */
export class EventStream {
  readonly received: { event: AppEvent; data: unknown }[] = [];
  private waiters: (() => void)[] = [];
  private readonly cursors = new Map<AppEvent, number>();
  private request: http.ClientRequest;

  constructor(port: number, headers: Record<string, string>) {
    let buffer = '';
    this.request = http.get({ host: '127.0.0.1', port, path: '/events', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) this.received.push({ event: event as AppEvent, data: JSON.parse(data) });
        }
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    this.request.on('error', () => {});
  }

  /**
   * Resolves with the next `event` that satisfies `test`, consuming events of that name in order: one already
   * received counts only if no earlier call consumed it.
   */
  async next<E extends AppEvent>(event: E, test: (payload: AppEvents[E]) => boolean = () => true): Promise<AppEvents[E]> {
    for (;;) {
      const from = this.cursors.get(event) ?? 0;
      const at = this.received.findIndex((e, i) => i >= from && e.event === event && test(e.data as AppEvents[E]));
      if (at >= 0) {
        this.cursors.set(event, at + 1);
        return this.received[at]!.data as AppEvents[E];
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.request.destroy();
  }
}
