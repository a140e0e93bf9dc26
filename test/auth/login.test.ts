// Users log in with a password for a session cookie; attempts are rate-limited; sessions work on
// both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe.each(dialects)('login on %s', (dialect) => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp(dialect);
    await service.app.auth.createUser({ username: 'alice', password: 'correct horse battery', role: 'user' });
  });
  afterAll(() => service.stop());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });

  it('logs in, uses the session, logs out', async () => {
    const response = await login('alice', 'correct horse battery');
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^omniarr_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const session = cookie.split(';')[0]!;

    const me = await fetch(`${service.url}/api/v1/auth/me`, { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({ kind: 'user', username: 'alice', role: 'user' });
    // A plain user is not an admin.
    expect((await fetch(`${service.url}/api/v1/users`, { headers: { cookie: session } })).status).toBe(403);

    expect(
      (await fetch(`${service.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: session } }))
        .status,
    ).toBe(204);
    expect((await fetch(`${service.url}/api/v1/auth/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const secure = await startTestApp(dialect, { OMNIARR_TRUST_PROXY: 'true' });
    try {
      await secure.app.auth.createUser({ username: 'bob', password: 'correct horse battery', role: 'admin' });
      const response = await fetch(`${secure.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'bob', password: 'correct horse battery' }),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });

  it('rejects a wrong password and an unknown user alike, then rate-limits', async () => {
    const wrong = await login('alice', 'wrong password!!', { 'x-forwarded-for': '10.9.9.9' });
    expect(wrong.status).toBe(401);
    const unknown = await login('mallory', 'whatever12345');
    expect(await unknown.json()).toMatchObject({ error: { message: 'invalid username or password' } });
    let last = 0;
    for (let attempt = 0; attempt < 12; attempt += 1)
      last = (await login('alice', 'guess number ' + attempt)).status;
    expect(last).toBe(429);
  });
});
