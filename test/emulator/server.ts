import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canarySource } from './canaries.js';

/**
 * What every API emulator shares: a loopback HTTP server on a random port, a clock that may run
 * skewed from the local one (rate-limit resets are read on the server's clock), and a source of
 * canary secrets planted in responses so tests can prove none leaks.
 */
export abstract class EmulatorServer {
  url = '';
  readonly canaries: Set<string>;
  protected readonly make: ReturnType<typeof canarySource>['make'];
  private server?: Server;

  protected constructor(private readonly skewMs: () => number) {
    const src = canarySource();
    this.make = src.make;
    this.canaries = src.all;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(String(e));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * The first scripted fault that matches a request (by path, and query text when given), used up
   * once if it has a count.
   */
  protected takeFault<F extends { path: string | RegExp; query?: string; times?: number }>(
    faults: F[],
    u: URL,
  ): F | undefined {
    const fault = faults.find(
      (f) =>
        (typeof f.path === 'string' ? f.path === u.pathname : f.path.test(u.pathname)) &&
        (f.query === undefined || decodeURIComponent(u.search).includes(f.query)) &&
        (f.times === undefined || f.times > 0),
    );
    if (fault?.times !== undefined) fault.times--;
    return fault;
  }

  serverNow(): number {
    return Date.now() + this.skewMs();
  }
}
