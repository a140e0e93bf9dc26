import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

describe('CookieJar', () => {
  const site = new URL('https://www.site.test/login.php');

  it('keeps cookies per host and path, and sends them back', () => {
    const jar = new CookieJar(() => 0);
    jar.storeFromResponse(site, ['sid=abc; Path=/; HttpOnly', 'pref=1; Path=/account']);
    expect(jar.headerFor(new URL('https://www.site.test/browse'))).toBe('sid=abc');
    expect(jar.headerFor(new URL('https://www.site.test/account/x'))).toBe('sid=abc; pref=1');
    expect(jar.headerFor(new URL('https://other.test/'))).toBeUndefined();
  });

  it('honours Domain for sub-domains, and ignores a cookie for a domain the site does not belong to', () => {
    const jar = new CookieJar(() => 0);
    jar.storeFromResponse(site, ['wide=1; Domain=site.test', 'foreign=1; Domain=evil.test']);
    expect(jar.headerFor(new URL('https://cdn.site.test/'))).toBe('wide=1');
    expect(jar.headerFor(new URL('https://evil.test/'))).toBeUndefined();
    expect(jar.headerFor(site)).toBe('wide=1');
  });

  it('expires cookies by Max-Age and Expires, and deletes one set to expire now', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const jar = new CookieJar(() => now);
    jar.storeFromResponse(site, ['a=1; Max-Age=60', 'b=2; Expires=Thu, 01 Jan 2026 00:10:00 GMT', 'c=3']);
    expect(jar.headerFor(site)).toBe('a=1; b=2; c=3');
    now += 120_000;
    expect(jar.headerFor(site)).toBe('b=2; c=3');
    jar.storeFromResponse(site, ['c=; Max-Age=0']);
    expect(jar.headerFor(site)).toBe('b=2');
  });

  it('takes a pasted Cookie header and round-trips through JSON', () => {
    const jar = new CookieJar(() => 0);
    jar.storeHeader(site, 'uid=7; pass=secret; cf_clearance=x=y');
    const copy = CookieJar.fromJSON(jar.toJSON(), () => 0);
    expect(copy.headerFor(site)).toBe('uid=7; pass=secret; cf_clearance=x=y');
    expect(copy.size).toBe(3);
  });
});
