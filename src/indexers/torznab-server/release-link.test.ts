import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../shared/errors.js';
import { ReleaseLinkSealer, type ReleaseLink } from './release-link.js';

const link: ReleaseLink = {
  indexerId: 7,
  guid: 'https://tracker.example/details/1',
  title: 'Heat.1995.1080p.BluRay.x264-AMIABLE',
  protocol: 'torrent',
  downloadUrl: 'https://tracker.example/download/1?passkey=0123456789abcdef',
  magnetUrl: null,
  infoHash: 'ab'.repeat(20),
};

describe('ReleaseLinkSealer', () => {
  const sealer = new ReleaseLinkSealer(randomBytes(32));

  it('seals a link that opens to the same release and hides the download URL', () => {
    const token = sealer.seal(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('passkey');
    expect(sealer.open(token)).toEqual(link);
    // A fresh IV each time: two links to one release do not look alike.
    expect(sealer.seal(link)).not.toBe(token);
  });

  it('refuses tampered, truncated, foreign and garbage tokens', () => {
    const token = sealer.seal(link);
    const bytes = Buffer.from(token, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    const foreign = new ReleaseLinkSealer(randomBytes(32)).seal(link);
    for (const bad of [bytes.toString('base64url'), token.slice(0, 20), foreign, '', '!!!', 'AAAA'])
      expect(() => sealer.open(bad), bad).toThrow(BadRequestError);
  });

  it('needs a 256-bit key', () => {
    expect(() => new ReleaseLinkSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});
