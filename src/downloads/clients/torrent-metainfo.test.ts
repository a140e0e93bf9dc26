import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../shared/errors.js';
import { bencodeDecode, bencodeEncode, readMagnetLink, readTorrentFile } from './torrent-metainfo.js';

// A single-file torrent written by hand; its info-hash was computed outside our code
// (Python: hashlib.sha1 over the bytes of the info dictionary).
const PIECES = Buffer.from(Array.from({ length: 20 }, (_, index) => index));
const INFO = Buffer.concat([
  Buffer.from('d6:lengthi5e4:name5:a.txt12:piece lengthi16384e6:pieces20:'),
  PIECES,
  Buffer.from('e'),
]);
const SINGLE_FILE = Buffer.concat([
  Buffer.from('d8:announce16:http://t.example4:info'),
  INFO,
  Buffer.from('e'),
]);

describe('readTorrentFile', () => {
  it('hashes the exact bytes of the info dictionary', () => {
    expect(readTorrentFile(SINGLE_FILE)).toEqual({
      infoHash: '133e7ef28fffcb98605443cbd54a9d391219d9a3',
      name: 'a.txt',
      sizeBytes: 5,
      files: [{ path: 'a.txt', sizeBytes: 5 }],
    });
  });

  it('lists the files of a folder torrent under the folder name', () => {
    const torrent = bencodeEncode({
      info: {
        name: Buffer.from('Movie (2020)'),
        'piece length': 16384,
        pieces: PIECES,
        files: [
          { length: 100, path: [Buffer.from('Movie.mkv')] },
          { length: 7, path: [Buffer.from('Subs'), Buffer.from('en.srt')] },
        ],
      },
    });
    const metainfo = readTorrentFile(torrent);
    expect(metainfo.files).toEqual([
      { path: 'Movie (2020)/Movie.mkv', sizeBytes: 100 },
      { path: 'Movie (2020)/Subs/en.srt', sizeBytes: 7 },
    ]);
    expect(metainfo.sizeBytes).toBe(107);
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['HTML instead of a torrent', Buffer.from('<html><body>Login required</body></html>')],
    ['truncated data', SINGLE_FILE.subarray(0, 40)],
    ['no info dictionary', Buffer.from('d8:announce3:abce')],
    ['info without a length', Buffer.from('d4:infod4:name1:aee')],
    ['trailing garbage', Buffer.concat([SINGLE_FILE, Buffer.from('x')])],
    ['a leading-zero integer', Buffer.from('d4:infod6:lengthi05e4:name1:aee')],
  ])('refuses %s with a BadRequestError', (_, data) => {
    expect(() => readTorrentFile(data)).toThrow(BadRequestError);
  });
});

describe('bencode', () => {
  it('round-trips and sorts dictionary keys', () => {
    const encoded = bencodeEncode({ zeta: 1, alpha: [Buffer.from('x'), -3, { b: 0 }] });
    expect(encoded.toString()).toBe('d5:alphal1:xi-3ed1:bi0eee4:zetai1ee');
    expect(bencodeDecode(encoded).value).toEqual({ zeta: 1, alpha: [Buffer.from('x'), -3, { b: 0 }] });
  });
});

describe('readMagnetLink', () => {
  it('reads a hex info-hash and the display name', () => {
    expect(
      readMagnetLink('magnet:?xt=urn:btih:C12FE1C06BBA254A9DC9F519B335AA7C1367A88A&dn=Some+Movie+2020'),
    ).toEqual({
      infoHash: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
      name: 'Some Movie 2020',
    });
  });

  it('converts a base32 info-hash to hex', () => {
    expect(readMagnetLink('magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK').infoHash).toBe(
      'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    );
  });

  it('skips a v2 topic and finds the v1 one', () => {
    const magnet =
      'magnet:?xt=urn:btmh:1220caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e&xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
    expect(readMagnetLink(magnet).infoHash).toBe('c12fe1c06bba254a9dc9f519b335aa7c1367a88a');
  });

  it.each([['http://example.invalid/file.torrent'], ['magnet:?dn=no-hash'], ['magnet:?xt=urn:btih:1234']])(
    'refuses %s',
    (magnet) => {
      expect(() => readMagnetLink(magnet)).toThrow(BadRequestError);
    },
  );
});
