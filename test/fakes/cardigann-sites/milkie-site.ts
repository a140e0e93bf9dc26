// A fake of the Milkie JSON API as the `milkie` Cardigann definition (v11) reads it:
// `GET /api/v1/torrents?ps=&query=&categories=` authenticated by the `x-milkie-auth` header, answering
// `{ hits, torrents: [{ id, releaseName, category, size, downloaded, seeders, leechers, createdAt }] }`,
// and `/api/v1/torrents/{id}/torrent?key=` serving the .torrent to the right key.
import { makeTorrent, startFakeSite, type FakeSite } from './fake-site.js';

export interface MilkieTorrent {
  id: string;
  releaseName: string;
  /** Milkie category: 1 movies, 2 TV, 3 music, … */
  category: number;
  size: number;
  downloaded: number;
  seeders: number;
  leechers: number;
  createdAt: string;
}

export interface MilkieSite extends FakeSite {
  infoHashOf(id: string): string;
}

export async function startMilkieSite(
  apiKey: string,
  torrents: readonly MilkieTorrent[],
): Promise<MilkieSite> {
  const files = new Map(torrents.map((t) => [t.id, makeTorrent(t.releaseName)]));
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const site = await startFakeSite((request) => {
    if (request.path === '/api/v1/torrents') {
      if (request.headers['x-milkie-auth'] !== apiKey) return json(401, { error: 'unauthorized' });
      const words = (request.query.get('query') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const categories = (request.query.get('categories') ?? '').split(',').filter(Boolean).map(Number);
      const hits = torrents.filter(
        (t) =>
          words.every((w) => t.releaseName.toLowerCase().includes(w)) &&
          (categories.length === 0 || categories.includes(t.category)),
      );
      return json(200, {
        hits: hits.length,
        took: 3,
        torrents: hits.slice(0, Number(request.query.get('ps') ?? 100)),
      });
    }
    const download = /^\/api\/v1\/torrents\/([^/]+)\/torrent$/.exec(request.path);
    if (download) {
      if (request.query.get('key') !== apiKey) return json(401, { error: 'unauthorized' });
      const file = files.get(download[1]!);
      if (!file) return json(404, { error: 'not found' });
      return { headers: { 'content-type': 'application/x-bittorrent' }, body: file.torrent };
    }
    return json(404, { error: 'not found' });
  });
  return { ...site, infoHashOf: (id) => files.get(id)!.infoHash };
}
