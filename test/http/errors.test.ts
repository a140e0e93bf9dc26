// Bad input gets a clear JSON error: malformed JSON, failed validation, unknown routes, big bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('HTTP errors', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('sqlite');
  });
  afterAll(() => service.stop());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-api-key': service.apiKey, ...headers },
    });

  it('malformed JSON → 400 with a request id', async () => {
    const response = await post('/api/v1/users', '{"username": ');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id') ?? body.error.requestId);
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('failed validation → 400 naming the fields', async () => {
    const response = await post('/api/v1/users', JSON.stringify({ username: '', role: 'king' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; details: Array<{ field: string }> } };
    expect(body.error.details.map((detail) => detail.field).sort()).toEqual([
      'body.password',
      'body.role',
      'body.username',
    ]);
    expect(body.error.message).toMatch(/body\.role/);
  });

  it('a domain rule → 400, a duplicate → 409', async () => {
    const weak = await post('/api/v1/users', JSON.stringify({ username: 'ann', password: 'short' }));
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({
      error: { message: 'password must be at least 10 characters' },
    });
    expect(
      (await post('/api/v1/users', JSON.stringify({ username: 'ann', password: 'long enough pass' }))).status,
    ).toBe(201);
    expect(
      (await post('/api/v1/users', JSON.stringify({ username: 'ann', password: 'long enough pass' }))).status,
    ).toBe(409);
  });

  it('unknown route → 404 JSON', async () => {
    const response = await fetch(`${service.url}/api/v1/nope`, { headers: { 'x-api-key': service.apiKey } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', message: 'no route GET /api/v1/nope' },
    });
  });

  it('oversized body → 413', async () => {
    const response = await post(
      '/api/v1/users',
      JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'p' }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('serves the OpenAPI document with every route', async () => {
    const response = await fetch(`${service.url}/api/v1/openapi.json`, {
      headers: { 'x-api-key': service.apiKey },
    });
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/auth/login', '/api/v1/users/{id}']),
    );
  });

  it('serves Prometheus metrics with the omniarr_ prefix', async () => {
    await fetch(`${service.url}/ping`);
    const response = await fetch(`${service.url}/metrics`, {
      headers: { authorization: `Bearer ${service.apiKey}` },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/^omniarr_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(
      /omniarr_http_request_duration_seconds_count\{method="GET",route="\/ping",status_code="200"\} [1-9]/,
    );
  });
});
