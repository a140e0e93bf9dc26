// A loopback HTTP server the Cardigann site fakes share: routing by method and path, a record of every
// request (path, query, form, cookies) for assertions, and tiny real .torrent files for releases.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bencodeEncode } from '../../../src/downloads/clients/torrent-metainfo.js';

export interface SiteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The query string as sent (before any decoding), without the `?`. */
  rawQuery: string;
  form: URLSearchParams;
  cookies: Record<string, string>;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface SiteReply {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

export type SiteHandler = (request: SiteRequest, site: { url: string }) => SiteReply;

export interface FakeSite {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  requests: SiteRequest[];
  close(): Promise<void>;
}

export async function startFakeSite(handler: SiteHandler): Promise<FakeSite> {
  const requests: SiteRequest[] = [];
  const site = { url: '' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', site.url);
      const request: SiteRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        rawQuery: url.search.replace(/^\?/, ''),
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        cookies: Object.fromEntries(
          (req.headers.cookie ?? '')
            .split(';')
            .map((pair) => pair.trim().split('='))
            .filter((pair): pair is [string, string] => pair.length === 2),
        ),
        headers: req.headers,
        at: Date.now(),
      };
      requests.push(request);
      let reply: SiteReply;
      try {
        reply = handler(request, site);
      } catch (error) {
        reply = { status: 500, body: String(error) };
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: site.url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small but real single-file .torrent and its info-hash. */
export function makeTorrent(name: string): { torrent: Buffer; infoHash: string } {
  const info = { length: 1024, name: Buffer.from(name), 'piece length': 16384, pieces: Buffer.alloc(20, 7) };
  const infoHash = createHash('sha1').update(bencodeEncode(info)).digest('hex');
  return { torrent: bencodeEncode({ announce: Buffer.from('http://127.0.0.1:1/announce'), info }), infoHash };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
