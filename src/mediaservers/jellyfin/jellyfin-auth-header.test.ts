import { describe, expect, it } from 'vitest';
import { jellyfinAuthorization } from './jellyfin-auth-header.js';

const identity = { client: 'Omniarr', device: 'omniarr', deviceId: 'abc-123', version: '0.1.0' };

describe('jellyfinAuthorization', () => {
  it('builds the MediaBrowser header with the token last', () => {
    expect(jellyfinAuthorization(identity, '0123abcd')).toBe(
      'MediaBrowser Client="Omniarr", Device="omniarr", DeviceId="abc-123", Version="0.1.0", Token="0123abcd"',
    );
  });

  it('leaves the token out for a login', () => {
    expect(jellyfinAuthorization(identity)).not.toContain('Token');
  });

  it('encodes values that would break the header', () => {
    const header = jellyfinAuthorization({ ...identity, device: 'Living room, "main" box+1' });
    expect(header).toContain('Device="Living%20room%2C%20%22main%22%20box%2B1"');
  });
});
