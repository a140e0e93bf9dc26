import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_TIMEOUT_MS,
  formatSeconds,
  parseSolverCommand,
  SolverRequestError,
} from './flaresolverr-protocol.js';

function refusal(body: unknown): string {
  try {
    parseSolverCommand(body);
  } catch (error) {
    if (error instanceof SolverRequestError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseSolverCommand', () => {
  it('reads a request.get with FlareSolverr defaults', () => {
    expect(parseSolverCommand({ cmd: 'request.get', url: 'https://example.org/torrents?q=a b' })).toEqual({
      cmd: 'request.get',
      request: {
        method: 'GET',
        url: 'https://example.org/torrents?q=a%20b',
        postData: undefined,
        maxTimeoutMs: DEFAULT_MAX_TIMEOUT_MS,
        cookies: [],
        returnOnlyCookies: false,
        session: undefined,
        sessionTtlMs: undefined,
      },
    });
  });

  it('reads a request.post with cookies, a session and its TTL, ignoring fields it does not know', () => {
    const command = parseSolverCommand({
      cmd: 'request.post',
      url: 'http://tracker.local/login.php',
      postData: 'user=a&pass=b',
      maxTimeout: '20000',
      cookies: [{ name: 'uid', value: '1', domain: 'tracker.local' }],
      returnOnlyCookies: true,
      session: 's1',
      session_ttl_minutes: 2,
      proxy: { url: 'http://proxy:8080' },
      userAgent: 'ignored since FlareSolverr v2',
    });
    expect(command).toMatchObject({
      cmd: 'request.post',
      request: { method: 'POST', postData: 'user=a&pass=b', maxTimeoutMs: 20_000, returnOnlyCookies: true, session: 's1', sessionTtlMs: 120_000 },
    }); // prettier-ignore
  });

  it.each([0, -5, 'soon'])('falls back to 60 s for maxTimeout %s', (maxTimeout) => {
    const command = parseSolverCommand({ cmd: 'request.get', url: 'http://a.b/', maxTimeout });
    expect(command.cmd === 'request.get' && command.request.maxTimeoutMs).toBe(60_000);
  });

  it('reads the session commands', () => {
    expect(parseSolverCommand({ cmd: 'sessions.create' })).toEqual({
      cmd: 'sessions.create',
      session: undefined,
    });
    expect(parseSolverCommand({ cmd: 'sessions.create', session: 'x' })).toEqual({
      cmd: 'sessions.create',
      session: 'x',
    });
    expect(parseSolverCommand({ cmd: 'sessions.list' })).toEqual({ cmd: 'sessions.list' });
    expect(parseSolverCommand({ cmd: 'sessions.destroy', session: 'x' })).toEqual({
      cmd: 'sessions.destroy',
      session: 'x',
    });
  });

  it.each([
    [{}, "Request parameter 'cmd' is mandatory."],
    [{ cmd: 'request.put', url: 'http://a.b/' }, "Request parameter 'cmd' = 'request.put' is invalid."],
    [{ cmd: 'request.get' }, "Request parameter 'url' is mandatory in 'request.get' command."],
    [
      { cmd: 'request.get', url: 'http://a.b/', postData: 'x=1' },
      "Cannot use 'postBody' when sending a GET request.",
    ],
    [
      { cmd: 'request.post', url: 'http://a.b/' },
      "Request parameter 'postData' is mandatory in 'request.post' command.",
    ],
    [{ cmd: 'request.get', url: 'not a url' }, "Request parameter 'url' = 'not a url' is not a valid URL."],
    [
      { cmd: 'request.get', url: 'file:///etc/passwd' },
      "Request parameter 'url' must be an http or https URL, not 'file:'.",
    ],
    [{ cmd: 'sessions.destroy' }, "Request parameter 'session' is mandatory in 'sessions.destroy' command."],
    [
      { cmd: 'request.get', url: 'http://a.b/', cookies: [{ value: 'x' }] },
      "Request parameter 'cookies.0.name' is invalid",
    ],
    [[], 'Request body must be a JSON object.'],
    ['cmd=request.get', 'Request body must be a JSON object.'],
  ])('refuses %j', (body, message) => {
    expect(refusal(body)).toContain(message);
  });
});

describe('formatSeconds', () => {
  it('prints seconds like FlareSolverr (a Python float)', () => {
    expect(formatSeconds(60_000)).toBe('60.0');
    expect(formatSeconds(1500)).toBe('1.5');
    expect(formatSeconds(250)).toBe('0.25');
  });
});
