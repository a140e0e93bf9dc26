// Owns what a challenge looks like: the page titles and selectors the browser watches while a
// challenge runs, and the test an indexer applies to a plain HTTP response to decide whether it
// needs the solver at all. Pure, so both are table-tested.

export type ChallengeVendor = 'cloudflare' | 'ddos-guard';

/** Titles of interstitial pages that clear themselves once their script has run. */
export const CHALLENGE_TITLES: readonly string[] = ['Just a moment...', 'DDoS-Guard'];

/** Elements only present while a challenge is running. */
export const CHALLENGE_SELECTORS: readonly string[] = [
  '#challenge-form',
  '#challenge-running',
  '#challenge-spinner',
  '#cf-challenge-running',
  '#cf-please-wait',
  '#trk_jschal_js',
  '#turnstile-wrapper',
  '[id^="cf-chl-"]',
  'script[src*="/cdn-cgi/challenge-platform/"]',
  '.ray_id',
  '.attack-box',
];

/** Pages that will never clear: the site has blocked this address outright. */
export const ACCESS_DENIED_TITLES: readonly string[] = ['Access denied', 'Attention Required! | Cloudflare'];
export const ACCESS_DENIED_SELECTORS: readonly string[] = [
  'div.cf-error-title span.cf-code-label span',
  '#cf-error-details div.cf-error-overview h1',
];

export const ACCESS_DENIED_MESSAGE =
  'Cloudflare has blocked this request. Probably your IP is banned for this site, check in your web browser.';

export function isChallengeTitle(title: string): boolean {
  const normalised = title.trim().toLowerCase();
  return CHALLENGE_TITLES.some((candidate) => candidate.toLowerCase() === normalised);
}

export function isAccessDeniedTitle(title: string): boolean {
  return ACCESS_DENIED_TITLES.some((candidate) => title.startsWith(candidate));
}

export interface HttpResponseSample {
  status: number;
  /** Header names in any case. */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The start of the body is enough; challenge pages are small. */
  body: string;
}

export interface DetectedChallenge {
  vendor: ChallengeVendor;
  /** What gave it away, for logs and errors. */
  reason: string;
}

function headerOf(headers: HttpResponseSample['headers'], name: string): string {
  if (headers instanceof Headers) return headers.get(name) ?? '';
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : (value ?? '');
  }
  return '';
}

const TITLE = /<title[^>]*>([^<]*)<\/title>/i;
const CLOUDFLARE_BODY_MARKERS = [
  '/cdn-cgi/challenge-platform/',
  'window._cf_chl_opt',
  'id="challenge-form"',
  'cf-chl-',
];

/**
 * Whether an indexer's HTTP answer is a challenge a browser can pass (rather than a real error).
 * Only 403, 429 and 503 qualify: Cloudflare and DDoS-Guard answer challenges with those, and a 200
 * page that merely mentions Cloudflare must never send every search through Chromium.
 */
export function detectChallenge(sample: HttpResponseSample): DetectedChallenge | null {
  if (sample.status !== 403 && sample.status !== 429 && sample.status !== 503) return null;
  const server = headerOf(sample.headers, 'server').toLowerCase();
  const title = TITLE.exec(sample.body)?.[1]?.trim() ?? '';

  if (server.includes('ddos-guard') || title.toLowerCase() === 'ddos-guard') {
    return {
      vendor: 'ddos-guard',
      reason: server.includes('ddos-guard') ? 'server: ddos-guard' : `title "${title}"`,
    };
  }
  if (headerOf(sample.headers, 'cf-mitigated').toLowerCase() === 'challenge') {
    return { vendor: 'cloudflare', reason: 'cf-mitigated: challenge' };
  }
  // A blocked address is not solvable: the browser would see the same block page.
  if (isAccessDeniedTitle(title)) return null;
  if (isChallengeTitle(title)) return { vendor: 'cloudflare', reason: `title "${title}"` };
  if (server.startsWith('cloudflare')) {
    const marker = CLOUDFLARE_BODY_MARKERS.find((candidate) => sample.body.includes(candidate));
    if (marker) return { vendor: 'cloudflare', reason: `server: cloudflare and "${marker}" in the page` };
  }
  return null;
}
