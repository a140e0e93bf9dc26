import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl, SecretRegistry } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, destination };
}

describe('logger redaction', () => {
  it('removes credentials by key name', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', secrets: new SecretRegistry(), destination });
    logger.info(
      { password: 'pw-value', indexer: { apiKey: 'key-value' }, req: { headers: { cookie: 'c' } } },
      'x',
    );
    const text = lines.join('');
    expect(text).not.toMatch(/pw-value|key-value/);
    expect(text).toContain('[redacted]');
  });

  it('removes known secret values wherever they appear', () => {
    const { lines, destination } = capture();
    const secrets = new SecretRegistry();
    secrets.add('0123456789abcdef0123456789abcdef');
    secrets.add('p@ss word');
    const logger = createLogger({ level: 'info', secrets, destination });
    logger.info('calling http://indexer/api?apikey=0123456789abcdef0123456789abcdef&t=caps');
    logger.error({ err: new Error('login failed for p%40ss%20word') }, 'boom');
    const text = lines.join('');
    expect(text).not.toContain('0123456789abcdef0123456789abcdef');
    expect(text).not.toContain('p%40ss%20word');
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(2); // message and stack
  });

  it('redacts credentials in query strings', () => {
    expect(redactUrl('/api/v1/x?apikey=abc&b=1&token=zz')).toBe(
      '/api/v1/x?apikey=[redacted]&b=1&token=[redacted]',
    );
  });
});
