import { describe, expect, it } from 'vitest';
import { createDownloadClient, downloadClientSettingsSchema } from './download-client-factory.js';

describe('createDownloadClient', () => {
  it('builds the adapter for each kind', () => {
    expect(createDownloadClient({ kind: 'qbittorrent', url: 'http://127.0.0.1:8080' }).product).toBe(
      'qBittorrent',
    );
    expect(createDownloadClient({ kind: 'transmission', url: 'http://127.0.0.1:9091' }).product).toBe(
      'Transmission',
    );
  });

  it.each([
    [{ kind: 'deluge', url: 'http://127.0.0.1:8112' }],
    [{ kind: 'qbittorrent', url: 'not a url' }],
    [{ kind: 'qbittorrent', url: 'ftp://127.0.0.1' }],
    [{ kind: 'transmission', url: 'http://127.0.0.1:9091', rpcPath: 'no-slash' }],
    [{ kind: 'qbittorrent', url: 'http://127.0.0.1:8080', timeoutMs: 0 }],
  ])('refuses invalid settings %j', (settings) => {
    expect(downloadClientSettingsSchema.safeParse(settings).success).toBe(false);
  });
});
