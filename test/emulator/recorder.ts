import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another origin a redirect may point to: it records every request it receives (method, path and
 * headers) and answers 200 with an empty JSON list, so that a client that followed a redirect would
 * succeed and be seen to have sent its credentials here.
 */
export class Recorder {
  url = '';
  readonly requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }> = [];
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      req.resume();
      res.setHeader('Content-Type', 'application/json');
      res.end(
        req.url?.startsWith('/oauth2/')
          ? '{"access_token":"recorded-elsewhere-token","token_type":"Bearer","expires_in":3600}'
          : '[]',
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** the requests that carried a credential (Authorization, a cookie, or a client assertion) */
  withCredentials(): string[] {
    return this.requests
      .filter((r) => r.headers.authorization || r.headers.cookie || r.headers.dpop)
      .map((r) => `${r.method} ${r.path}`);
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
