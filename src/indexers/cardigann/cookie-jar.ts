// Owns the cookies one Cardigann indexer holds for its site: those set by the site (login sessions),
// and those the user pastes (the `cookie` setting, for sites behind a captcha). Kept per indexer, so
// two indexers never share a session; `toJSON`/`fromJSON` let the caller persist them.

export interface StoredCookie {
  name: string;
  value: string;
  /** Lower-case host the cookie belongs to; a leading dot also covers sub-domains. */
  domain: string;
  path: string;
  /** Epoch ms; null for a session cookie. */
  expiresAt: number | null;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  static fromJSON(cookies: readonly StoredCookie[], now?: () => number): CookieJar {
    const jar = new CookieJar(now);
    jar.cookies = cookies.map((cookie) => ({ ...cookie }));
    return jar;
  }

  toJSON(): StoredCookie[] {
    this.dropExpired();
    return this.cookies.map((cookie) => ({ ...cookie }));
  }

  get size(): number {
    this.dropExpired();
    return this.cookies.length;
  }

  clear(): void {
    this.cookies = [];
  }

  /** Reads the `Set-Cookie` headers of a response from `url`. */
  storeFromResponse(url: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, url, this.now());
      if (cookie) this.put(cookie);
    }
  }

  /** A `name=value; other=value` string as a browser's Cookie header or a user's paste. */
  storeHeader(url: URL, header: string): void {
    for (const pair of header.split(';')) {
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      this.put({
        name: pair.slice(0, index).trim(),
        value: pair.slice(index + 1).trim(),
        domain: url.hostname.toLowerCase(),
        path: '/',
        expiresAt: null,
      });
    }
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  headerFor(url: URL): string | undefined {
    this.dropExpired();
    const host = url.hostname.toLowerCase();
    const matching = this.cookies.filter(
      (cookie) => domainMatches(host, cookie.domain) && url.pathname.startsWith(cookie.path),
    );
    if (matching.length === 0) return undefined;
    return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  private put(cookie: StoredCookie): void {
    this.cookies = this.cookies.filter(
      (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
    );
    if (cookie.expiresAt === null || cookie.expiresAt > this.now()) this.cookies.push(cookie);
  }

  private dropExpired(): void {
    const now = this.now();
    this.cookies = this.cookies.filter((cookie) => cookie.expiresAt === null || cookie.expiresAt > now);
  }
}

function domainMatches(host: string, domain: string): boolean {
  if (domain.startsWith('.')) return host === domain.slice(1) || host.endsWith(domain);
  return host === domain;
}

function parseSetCookie(header: string, url: URL, now: number): StoredCookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const index = pair?.indexOf('=') ?? -1;
  if (!pair || index <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, index).trim(),
    value: pair.slice(index + 1).trim(),
    domain: url.hostname.toLowerCase(),
    path: '/',
    expiresAt: null,
  };
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'domain' && value) {
      const domain = value.toLowerCase().replace(/^\.?/, '.');
      // A site may only set cookies for itself or a parent domain of itself; others are ignored.
      if (!domainMatches(cookie.domain, domain)) return undefined;
      cookie.domain = domain;
    } else if (key === 'path' && value.startsWith('/')) {
      cookie.path = value;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) {
      cookie.expiresAt = now + Number(value) * 1000;
    } else if (key === 'expires' && cookie.expiresAt === null) {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) cookie.expiresAt = at;
    }
  }
  return cookie;
}
