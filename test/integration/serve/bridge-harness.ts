import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Channel, IpcResult, RequestOf, ResponseOf } from '../../../main/common/ipc-contract.js';
import { AppService } from '../../../main/core/app/app-service.js';
import { startBridge, type Bridge } from '../../../main/core/serve/bridge-server.js';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = IpcResult<unknown>>(): T;
}

/** A service over a fresh library and models folder, behind a bridge on a free port; `raw` sends bytes as written. */
export class BridgeHarness {
  private constructor(
    readonly work: string,
    readonly service: AppService,
    readonly bridge: Bridge,
  ) {}

  static async start(opts: { staticDir?: string } = {}): Promise<BridgeHarness> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-bridge-'));
    const service = new AppService({
      libraryDir: path.join(work, 'library'),
      modelsDir: path.join(work, 'models'),
      version: '0.0.0-test',
      defaultLanguage: 'en',
    });
    const bridge = await startBridge({ service, ...opts });
    return new BridgeHarness(work, service, bridge);
  }

  get host(): string {
    return `127.0.0.1:${this.bridge.port}`;
  }

  get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.bridge.token}` };
  }

  /** POST /api/<channel> with the token, as a program would. */
  async call<C extends Channel>(channel: C, payload: RequestOf<C> | Record<string, never> = {}): Promise<IpcResult<ResponseOf<C>>> {
    return (await this.post(channel, JSON.stringify(payload))).json();
  }

  /** The value of a call that must succeed. */
  async value<C extends Channel>(channel: C, payload: RequestOf<C> | Record<string, never> = {}): Promise<ResponseOf<C>> {
    const result = await this.call(channel, payload);
    if (!result.ok) throw new Error(`${channel} failed: ${result.code} ${result.message}`);
    return result.value;
  }

  post(channel: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    return this.raw('POST', `/api/${channel}`, { 'content-type': 'application/json', ...this.auth, ...headers }, body);
  }

  raw(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.bridge.port, method, path: rawPath, headers: { host: this.host, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, headers: res.headers, body: data, json: () => JSON.parse(data.toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    await this.bridge.close();
    await this.service.close();
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}
