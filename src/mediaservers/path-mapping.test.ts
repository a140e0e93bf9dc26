import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../shared/errors.js';
import { PathMapper } from './path-mapping.js';

describe('PathMapper', () => {
  const mapper = new PathMapper([
    { local: '/data/media', remote: '/media' },
    { local: '/data/media/movies/', remote: '/mnt/films' },
    { local: '/data/windows', remote: 'D:\\Media\\Movies' },
    { local: '/data/share', remote: '\\\\nas\\video' },
  ]);

  it.each([
    ['/data/media/tv/Show/S01E01.mkv', '/media/tv/Show/S01E01.mkv'],
    ['/data/media/movies/Dune (2021)/Dune.mkv', '/mnt/films/Dune (2021)/Dune.mkv'], // longest prefix wins
    ['/data/media', '/media'],
    ['/data/mediafiles/x.mkv', '/data/mediafiles/x.mkv'], // not a whole segment: unmapped
    ['/elsewhere/x.mkv', '/elsewhere/x.mkv'],
    ['/data/windows/Dune (2021)/Dune.mkv', 'D:\\Media\\Movies\\Dune (2021)\\Dune.mkv'],
    ['/data/share/a/b.mkv', '\\\\nas\\video\\a\\b.mkv'],
  ])('toServer(%s) = %s', (local, remote) => {
    expect(mapper.toServer(local)).toBe(remote);
  });

  it.each([
    ['/media/tv/Show', '/data/media/tv/Show'],
    ['/mnt/films/Dune (2021)', '/data/media/movies/Dune (2021)'],
    ['d:\\media\\movies\\Dune (2021)', '/data/windows/Dune (2021)'], // Windows paths ignore case
    ['D:/Media/Movies/Dune', '/data/windows/Dune'],
    ['/other', '/other'],
  ])('toLocal(%s) = %s', (remote, local) => {
    expect(mapper.toLocal(remote)).toBe(local);
  });

  it('maps from the root', () => {
    const root = new PathMapper([{ local: '/', remote: '/srv/' }]);
    expect(root.toServer('/movies/a.mkv')).toBe('/srv/movies/a.mkv');
    expect(root.toLocal('/srv/movies')).toBe('/movies');
  });

  it('passes everything through without mappings', () => {
    expect(new PathMapper().toServer('/data/x')).toBe('/data/x');
  });

  it('refuses relative paths', () => {
    expect(() => new PathMapper([{ local: 'data', remote: '/media' }])).toThrow(BadRequestError);
    expect(() => new PathMapper([{ local: '/data', remote: 'media' }])).toThrow(BadRequestError);
  });
});
