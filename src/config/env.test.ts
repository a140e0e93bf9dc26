import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSecrets, envVariableNames, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 7777,
      bind: '0.0.0.0',
      databaseUrl: undefined,
      logLevel: 'info',
      urlBase: '',
      trustProxy: false,
      shutdownTimeoutMs: 25_000,
    });
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it.each([
    ['OMNIARR_PORT', 'abc'],
    ['OMNIARR_PORT', '70000'],
    ['OMNIARR_LOG_LEVEL', 'loud'],
    ['OMNIARR_DATABASE_URL', 'mysql://x'],
    ['OMNIARR_URL_BASE', 'no-slash'],
    ['OMNIARR_TRUST_PROXY', 'maybe'],
    ['OMNIARR_API_KEY', 'short'],
  ])('names %s when its value %s is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });

  it('never echoes a secret value in the error', () => {
    expect(() => loadConfig({ OMNIARR_DATABASE_URL: 'mysql://user:hunter2@db' })).toThrow(
      /^OMNIARR_DATABASE_URL: (?!.*hunter2)/,
    );
  });

  it('normalises the URL base', () => {
    expect(loadConfig({ OMNIARR_URL_BASE: '/omniarr/' }).urlBase).toBe('/omniarr');
    expect(loadConfig({ OMNIARR_URL_BASE: '/' }).urlBase).toBe('');
  });

  it('reads secrets from *_FILE and refuses both forms at once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omniarr-env-'));
    const file = path.join(dir, 'key');
    writeFileSync(file, 'k'.repeat(32) + '\n');
    expect(loadConfig({ OMNIARR_API_KEY_FILE: file }).apiKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ OMNIARR_API_KEY_FILE: file, OMNIARR_API_KEY: 'j'.repeat(32) })).toThrow(
      /either/,
    );
    expect(() => loadConfig({ OMNIARR_API_KEY_FILE: path.join(dir, 'missing') })).toThrow(
      /^OMNIARR_API_KEY_FILE: cannot read/,
    );
  });

  it('lists every variable, with _FILE forms for secrets only', () => {
    const names = envVariableNames();
    expect(names).toContain('OMNIARR_PORT');
    expect(names).toContain('OMNIARR_DATABASE_URL_FILE');
    expect(names).not.toContain('OMNIARR_PORT_FILE');
  });

  it('knows the secrets to redact', () => {
    const config = loadConfig({
      OMNIARR_DATABASE_URL: 'postgres://omniarr:s3cr%40t@db:5432/omniarr',
      OMNIARR_API_KEY: 'a'.repeat(32),
    });
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['a'.repeat(32), 's3cr@t']));
  });
});
