// A loopback web site that guards its pages the way Cloudflare's JS challenge (and DDoS-Guard's)
// does: without clearance it answers 503 with a "Just a moment..." page whose script, after a delay,
// stores a clearance cookie and goes through a redirect back to the page. The clearance is bound to
// the user agent that ran the script: only that cookie with that same user agent gets the real page.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ChallengeSite {
  url: string;
  /** How often each kind of page was served. */
  counts: { challenge: number; real: number; verify: number };
  close(): Promise<void>;
}

export interface ChallengeSiteOptions {
  /** How long the challenge script "thinks" before it sets the cookie. */
  delayMs?: number;
}

const CLEARANCE = 'cf_clearance';
const DDG_CLEARANCE = '__ddg2_';

function cookiesOf(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) cookies.set(name, value.join('='));
  }
  return cookies;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function challengePage(vendor: 'cloudflare' | 'ddos-guard', token: string, delayMs: number | null): string {
  const title = vendor === 'cloudflare' ? 'Just a moment...' : 'DDoS-Guard';
  const cookie = vendor === 'cloudflare' ? CLEARANCE : DDG_CLEARANCE;
  // A null delay is a challenge that never clears (a captcha nobody answers).
  const script =
    delayMs === null
      ? ''
      : `<script>
  setTimeout(function () {
    document.cookie = '${cookie}=${token}; path=/; max-age=3600';
    location.href = '/cdn-cgi/verify?next=' + encodeURIComponent(location.pathname + location.search);
  }, ${delayMs});
</script>`;
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body>
<div id="challenge-form"><p>Checking if the site connection is secure</p></div>
${script}
</body></html>`;
}

export async function startChallengeSite(options: ChallengeSiteOptions = {}): Promise<ChallengeSite> {
  const delayMs = options.delayMs ?? 300;
  const counts = { challenge: 0, real: 0, verify: 0 };
  // Clearance token → the user agent it was issued to.
  const issued = new Map<string, string>();

  const cleared = (request: IncomingMessage, cookie: string) => {
    const token = cookiesOf(request).get(cookie);
    return token !== undefined && issued.get(token) === request.headers['user-agent'];
  };

  const challenge = (
    request: IncomingMessage,
    response: ServerResponse,
    vendor: 'cloudflare' | 'ddos-guard',
    delay: number | null,
  ) => {
    counts.challenge += 1;
    const token = randomBytes(12).toString('hex');
    issued.set(token, request.headers['user-agent'] ?? '');
    response.writeHead(503, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(vendor === 'cloudflare'
        ? { server: 'cloudflare', 'cf-mitigated': 'challenge' }
        : { server: 'ddos-guard' }),
    });
    response.end(challengePage(vendor, token, delay));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    switch (url.pathname) {
      case '/cdn-cgi/verify': {
        counts.verify += 1;
        const next = url.searchParams.get('next') ?? '/';
        response.writeHead(302, { location: next.startsWith('/') ? next : '/' });
        response.end();
        return;
      }
      case '/favicon.ico':
        // Browsers ask for it on their own; it must not count as a guarded page.
        response.writeHead(404);
        response.end();
        return;
      case '/plain':
        response.writeHead(200, { 'content-type': 'text/html', 'x-site': 'plain' });
        response.end('<html><head><title>Plain page</title></head><body>nothing to solve</body></html>');
        return;
      case '/whoami': {
        response.writeHead(200, { 'content-type': 'text/html' });
        const cookies = [...cookiesOf(request)].map(([name, value]) => `${name}=${value}`).join('; ');
        response.end(
          `<html><head><title>Who am I</title></head><body><pre id="cookies">${escapeHtml(cookies)}</pre></body></html>`,
        );
        return;
      }
      case '/blocked':
        response.writeHead(403, { 'content-type': 'text/html', server: 'cloudflare' });
        response.end(
          '<html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>',
        );
        return;
      case '/stuck':
        challenge(request, response, 'cloudflare', null);
        return;
      case '/ddg':
        if (!cleared(request, DDG_CLEARANCE)) return challenge(request, response, 'ddos-guard', delayMs);
        break;
      default:
        if (!cleared(request, CLEARANCE)) return challenge(request, response, 'cloudflare', delayMs);
    }
    counts.real += 1;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-site': 'real' });
    response.end(`<html><head><title>Real results</title></head><body>
<p id="method">${request.method}</p><p id="path">${escapeHtml(url.pathname + url.search)}</p>
<p id="body">${escapeHtml(body)}</p></body></html>`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('challenge site did not bind');
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
