// A fake of the 1337x site as the `1337x` Cardigann definition (v11) reads it: search pages
// `/sort-search/{keywords}/{sort}/{order}/{page}/` and `/search/{keywords}/{page}/`, category pages
// `/cat/{Movies|TV|Music|Other}/1/`, result rows in `table.table-list` with the coll-1…coll-5 cells,
// the site's three date styles, and details pages `/torrent/{id}/{slug}/` listing a .torrent link
// and a magnet. .torrent files are served by the fake too (as itorrents.org would).
import { escapeHtml, makeTorrent, startFakeSite, type FakeSite } from './fake-site.js';

export interface X1337xTorrent {
  id: number;
  title: string;
  /** Site category (e.g. 42 Movies/HD). */
  category: number;
  seeders: number;
  leechers: number;
  /** As the site prints it: "1.4 GB". */
  size: string;
  /** As the site prints it: "7am Sep. 14th", "Apr. 18th '11", "12:25am". */
  date: string;
  uploader: string;
}

export interface X1337xSite extends FakeSite {
  infoHashOf(id: number): string;
  /** Makes the .torrent link of a release answer 404 (the magnet stays). */
  breakTorrentFile(id: number): void;
}

export async function start1337xSite(torrents: readonly X1337xTorrent[]): Promise<X1337xSite> {
  const files = new Map(torrents.map((t) => [t.id, makeTorrent(t.title)]));
  const broken = new Set<number>();
  const slug = (title: string) => title.replace(/[^\w]+/g, '-');

  const row = (t: X1337xTorrent, abbreviate: boolean) => {
    const shown = abbreviate && t.title.length > 30 ? `${t.title.slice(0, 27)}...` : t.title;
    return `<tr>
<td class="coll-1 name"><a href="/sub/${t.category}/0/" class="icon"><i class="flaticon-hd"></i></a><a href="/torrent/${t.id}/${slug(t.title)}/">${escapeHtml(shown)}</a></td>
<td class="coll-2 seeds">${t.seeders}</td>
<td class="coll-3 leeches">${t.leechers}</td>
<td class="coll-date">${escapeHtml(t.date)}</td>
<td class="coll-4 size mob-uploader">${t.size}<span class="seeds">${t.seeders}</span></td>
<td class="coll-5 uploader"><a href="/user/${t.uploader}/">${t.uploader}</a></td>
</tr>`;
  };
  const page = (rows: string) =>
    `<!DOCTYPE html><html><head><title>1337x</title></head><body><main><div class="table-list-wrap">
<table class="table-list table table-responsive table-striped"><thead><tr><th class="coll-1 name">name</th>
<th class="coll-2">se</th><th class="coll-3">le</th><th class="coll-date">time</th><th class="coll-4">size</th>
<th class="coll-5">uploader</th></tr></thead><tbody>${rows}</tbody></table></div></main></body></html>`;

  const site = await startFakeSite((request, { url }) => {
    const search = /^\/(?:sort-)?search\/(.+?)\/(?:(?:time|seeders|size)\/(?:asc|desc)\/)?(\d+)\/$/.exec(
      request.path,
    );
    if (search) {
      const words = search[1]!.toLowerCase().split(/\s+/);
      // The site pages its results; the definition asks for pages 1–4.
      if (search[2] !== '1') return { body: page('') };
      const hits = torrents.filter((t) => words.every((w) => t.title.toLowerCase().includes(w)));
      return {
        body: hits.length
          ? page(hits.map((t) => row(t, false)).join(''))
          : '<p>No results were returned.</p>',
      };
    }
    const category = /^\/cat\/(Movies|TV|Music|Other)\/1\/$/.exec(request.path);
    if (category) {
      const ranges: Record<string, number[]> = {
        Movies: [1, 2, 3, 4, 42, 54, 55, 66, 70, 73, 76],
        TV: [5, 6, 7, 41, 71, 74, 75, 9],
      };
      const wanted = ranges[category[1]!] ?? [];
      return {
        body: page(
          torrents
            .filter((t) => wanted.includes(t.category))
            .map((t) => row(t, true))
            .join(''),
        ),
      };
    }
    const details = /^\/torrent\/(\d+)\/[^/]+\/$/.exec(request.path);
    if (details) {
      const t = torrents.find((x) => x.id === Number(details[1]));
      const file = t && files.get(t.id);
      if (!t || !file) return { status: 404, body: 'not found' };
      const hash = file.infoHash.toUpperCase();
      return {
        body: `<html><body><div class="box-info-heading"><h1>${escapeHtml(t.title)}</h1></div>
<ul class="dropdown-menu"><li><a class="dl" href="${url}torrent/${hash}.torrent">ITORRENTS MIRROR</a></li></ul>
<ul class="download-links"><li><a class="torrentdown1" href="magnet:?xt=urn:btih:${hash}&amp;dn=${encodeURIComponent(t.title)}">Magnet Download</a></li></ul>
</body></html>`,
      };
    }
    const file = /^\/torrent\/([0-9A-F]{40})\.torrent$/.exec(request.path);
    if (file) {
      const entry = [...files.entries()].find(([, f]) => f.infoHash.toUpperCase() === file[1]);
      if (!entry || broken.has(entry[0])) return { status: 404, body: 'not found' };
      return { headers: { 'content-type': 'application/x-bittorrent' }, body: entry[1].torrent };
    }
    return { status: 404, body: 'not found' };
  });
  return {
    ...site,
    infoHashOf: (id) => files.get(id)!.infoHash,
    breakTorrentFile: (id) => broken.add(id),
  };
}
