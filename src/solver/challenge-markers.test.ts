import { describe, expect, it } from 'vitest';
import { detectChallenge, isAccessDeniedTitle, isChallengeTitle } from './challenge-markers.js';

const page = (title: string, extra = '') =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body>${extra}</body></html>`;

describe('detectChallenge', () => {
  const cases: Array<[string, Parameters<typeof detectChallenge>[0], string | null]> = [
    ['Cloudflare interstitial by title', { status: 503, headers: { server: 'cloudflare' }, body: page('Just a moment...') }, 'cloudflare'],
    ['Cloudflare managed challenge header', { status: 403, headers: { 'CF-Mitigated': 'challenge' }, body: '' }, 'cloudflare'],
    ['Cloudflare challenge platform script', { status: 403, headers: { server: 'cloudflare' }, body: '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>' }, 'cloudflare'],
    ['DDoS-Guard by server header', { status: 403, headers: { Server: 'ddos-guard' }, body: '' }, 'ddos-guard'],
    ['DDoS-Guard by title', { status: 503, headers: new Headers(), body: page('DDoS-Guard') }, 'ddos-guard'],
    ['a real 200 page that mentions Cloudflare', { status: 200, headers: { server: 'cloudflare' }, body: page('Just a moment...') }, null],
    ['a plain 503 from the origin', { status: 503, headers: { server: 'nginx' }, body: page('Service Unavailable') }, null],
    ['a Cloudflare 403 without challenge markers', { status: 403, headers: { server: 'cloudflare' }, body: page('Forbidden') }, null],
    ['a Cloudflare block page (not solvable)', { status: 403, headers: { server: 'cloudflare' }, body: page('Attention Required! | Cloudflare', '<script src="/cdn-cgi/challenge-platform/x"></script>') }, null],
    ['a 404', { status: 404, headers: { 'cf-mitigated': 'challenge' }, body: '' }, null],
  ]; // prettier-ignore

  it.each(cases)('%s', (_name, sample, vendor) => {
    expect(detectChallenge(sample)?.vendor ?? null).toBe(vendor);
  });

  it('says what gave the challenge away', () => {
    expect(detectChallenge({ status: 503, headers: {}, body: page('Just a moment...') })?.reason).toBe(
      'title "Just a moment..."',
    );
  });
});

describe('titles', () => {
  it('matches challenge titles whole and without regard to case', () => {
    expect(isChallengeTitle('just a moment...')).toBe(true);
    expect(isChallengeTitle(' DDoS-Guard ')).toBe(true);
    expect(isChallengeTitle('Just a moment... of your time: our blog')).toBe(false);
  });

  it('matches access-denied titles by prefix', () => {
    expect(isAccessDeniedTitle('Access denied | example.org used Cloudflare to restrict access')).toBe(true);
    expect(isAccessDeniedTitle('Just a moment...')).toBe(false);
  });
});
