// A loopback reverse proxy that puts a Cloudflare-style JS challenge in front of another local site
// (a Torznab fake): without clearance it answers 503 "Just a moment..." (server: cloudflare,
// cf-mitigated: challenge) whose script, after a delay, stores a clearance cookie and goes through a
// redirect back to the page. Only that cookie, sent with the user agent it was issued to, gets
// through to the site behind. It tells browser requests (navigations) from direct ones, so a test
// can see which requests needed Chromium, and can refuse clearance to direct requests altogether,
// as Cloudflare does when it binds clearance to the browser's TLS fingerprint.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface ChallengeGateOptions {
  /** Base URL of the site behind the gate. */
  upstream: string;
  /** How long the challenge script "thinks" before it sets the cookie. */
  delayMs?: number;
  /** Clearance works for the browser only: a direct request with the cookie is challenged again. */
  browserOnly?: boolean;
}

export interface ChallengeGateCounts {
  /** Challenge pages served (to anyone). */
  challenges: number;
  /** Times a browser ran the challenge script to its end. */
  verified: number;
  /** Cleared requests passed to the site behind, by browsers and directly. */
  passedFromBrowser: number;
  passedDirect: number;
}

export interface ChallengeGate {
  url: string;
  counts: ChallengeGateCounts;
  close(): Promise<void>;
}

const CLEARANCE = 'cf_clearance';

function cookiesOf(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) cookies.set(name, value.join('='));
  }
  return cookies;
}

/** Chromium marks its navigations; Node's fetch sends no Sec-Fetch-Dest at all. */
function fromBrowser(request: IncomingMessage): boolean {
  return request.headers['sec-fetch-dest'] === 'document';
}

function challengePage(token: string, delayMs: number): string {
  return `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<div id="challenge-form"><p>Checking if the site connection is secure</p></div>
<script>
  setTimeout(function () {
    document.cookie = '${CLEARANCE}=${token}; path=/; max-age=3600';
    location.href = '/cdn-cgi/verify?next=' + encodeURIComponent(location.pathname + location.search);
  }, ${delayMs});
</script>
</body></html>`;
}

export async function startChallengeGate(options: ChallengeGateOptions): Promise<ChallengeGate> {
  const delayMs = options.delayMs ?? 300;
  const upstream = new URL(options.upstream);
  const counts: ChallengeGateCounts = { challenges: 0, verified: 0, passedFromBrowser: 0, passedDirect: 0 };
  // Clearance token → the user agent it was issued to.
  const issued = new Map<string, string>();

  const cleared = (request: IncomingMessage) => {
    if (options.browserOnly && !fromBrowser(request)) return false;
    const token = cookiesOf(request).get(CLEARANCE);
    return token !== undefined && issued.get(token) === request.headers['user-agent'];
  };

  const pass = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    if (fromBrowser(request)) counts.passedFromBrowser += 1;
    else counts.passedDirect += 1;
    const answer = await fetch(new URL(path, upstream), { signal: AbortSignal.timeout(10_000) });
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
      server: 'cloudflare',
    });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(404).end();
      return;
    }
    if (url.pathname === '/cdn-cgi/verify') {
      counts.verified += 1;
      const next = url.searchParams.get('next') ?? '/';
      response.writeHead(302, { location: next.startsWith('/') ? next : '/' }).end();
      return;
    }
    if (cleared(request)) return pass(request, response, url.pathname + url.search);

    counts.challenges += 1;
    const token = randomBytes(12).toString('hex');
    issued.set(token, request.headers['user-agent'] ?? '');
    response.writeHead(503, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      server: 'cloudflare',
      'cf-mitigated': 'challenge',
    });
    response.end(challengePage(token, delayMs));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('challenge gate did not bind');
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
