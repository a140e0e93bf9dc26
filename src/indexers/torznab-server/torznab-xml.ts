// Owns writing Torznab 1.3 / Newznab documents: the caps document, the RSS 2.0 feed of releases
// (items with title, guid, link, comments, pubDate, size, enclosure and `torznab:attr` values) and
// the `<error code description/>` document. Pure: what goes in a link is decided by the caller, so
// nothing here can leak an indexer's credentials.
import type { IndexerCapabilities, IndexerCategory, IndexerProtocol, IndexerRelease } from '../indexer.js';

export const TORZNAB_NAMESPACE = 'http://torznab.com/schemas/2015/feed';
export const NEWZNAB_NAMESPACE = 'http://www.newznab.com/DTD/2010/feeds/attributes/';

/** Newznab error codes (from the Newznab API's error table) that the server answers with. */
export const NewznabErrorCode = {
  incorrectCredentials: 100,
  missingParameter: 200,
  incorrectParameter: 201,
  noSuchFunction: 202,
  functionNotAvailable: 203,
  noSuchItem: 300,
  requestLimitReached: 500,
  downloadLimitReached: 501,
  unknownError: 900,
  apiDisabled: 910,
} as const;

export function errorXml(code: number, description: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<error code="${code}" description="${escape(description)}"/>\n`;
}

export interface ServerCaps {
  title: string;
  capabilities: IndexerCapabilities;
}

export function capsXml({ title, capabilities }: ServerCaps): string {
  const mode = (tag: string, available: boolean, params: readonly string[]) =>
    `    <${tag} available="${available ? 'yes' : 'no'}" supportedParams="${escape(params.join(','))}"/>`;
  const category = (entry: IndexerCategory) =>
    entry.subcategories.length === 0
      ? `    <category id="${entry.id}" name="${escape(entry.name)}"/>`
      : [
          `    <category id="${entry.id}" name="${escape(entry.name)}">`,
          ...entry.subcategories.map((sub) => `      <subcat id="${sub.id}" name="${escape(sub.name)}"/>`),
          '    </category>',
        ].join('\n');
  const { search, tvSearch, movieSearch } = capabilities;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<caps>',
    `  <server version="1.3" title="${escape(title)}"/>`,
    `  <limits default="${capabilities.limits.default}" max="${capabilities.limits.max}"/>`,
    ...(capabilities.retentionDays === null ? [] : [`  <retention days="${capabilities.retentionDays}"/>`]),
    '  <registration available="no" open="no"/>',
    '  <searching>',
    mode('search', search.available, search.supportedParams),
    mode('tv-search', tvSearch.available, tvSearch.supportedParams),
    mode('movie-search', movieSearch.available, movieSearch.supportedParams),
    mode('music-search', false, ['q']),
    mode('audio-search', false, ['q']),
    mode('book-search', false, ['q']),
    '  </searching>',
    '  <categories>',
    ...capabilities.categories.map(category),
    '  </categories>',
    ...(capabilities.tags.length === 0
      ? []
      : [
          '  <tags>',
          ...capabilities.tags.map(
            (tag) => `    <tag name="${escape(tag.name)}" description="${escape(tag.description)}"/>`,
          ),
          '  </tags>',
        ]),
    '</caps>',
    '',
  ].join('\n');
}

export interface FeedChannel {
  title: string;
  /** Our own API URL for this feed (without the API key), for `atom:link rel="self"`. */
  selfUrl: string;
  protocol: IndexerProtocol;
  offset: number;
}

export interface FeedItem {
  release: IndexerRelease;
  /** Where the client fetches the release: our download endpoint, never the indexer's URL. */
  link: string;
  /** Stable id of the item in our feed. */
  guid: string;
  /** The release's page on the indexer's site, when it is safe to show. */
  comments: string | null;
}

/** Extra attributes carried over from the indexer's own feed, when it sent them. */
const PASSED_THROUGH_ATTRIBUTES = [
  'year',
  'genre',
  'coverurl',
  'team',
  'resolution',
  'video',
  'audio',
  'language',
];

export function feedXml(channel: FeedChannel, items: readonly FeedItem[]): string {
  const ns = channel.protocol === 'torrent' ? 'torznab' : 'newznab';
  const namespace = channel.protocol === 'torrent' ? TORZNAB_NAMESPACE : NEWZNAB_NAMESPACE;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:${ns}="${namespace}">`,
    '  <channel>',
    `    <atom:link href="${escape(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    `    <title>${escape(channel.title)}</title>`,
    `    <description>${escape(channel.title)}</description>`,
    `    <link>${escape(channel.selfUrl)}</link>`,
    `    <${ns}:response offset="${channel.offset}" total="${channel.offset + items.length}"/>`,
    ...items.map((item) => itemXml(item, ns)),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function itemXml(item: FeedItem, ns: string): string {
  const { release } = item;
  // RSS requires an enclosure length; 0 says "unknown" to Torznab clients.
  const size = release.size ?? 0;
  const attrs: Array<[string, string | number | null]> = [
    ...release.categories.map((category): [string, number] => ['category', category]),
    ['size', release.size],
    ['files', release.files],
    ['grabs', release.grabs],
    ['imdb', release.imdbId === null ? null : release.imdbId.replace(/^tt/, '')],
    ['imdbid', release.imdbId],
    ['tmdbid', release.tmdbId],
    ['tvdbid', release.tvdbId],
    ['tvmazeid', release.tvmazeId],
    ['season', first(release, 'season')],
    ['episode', first(release, 'episode')],
    ...PASSED_THROUGH_ATTRIBUTES.map((name): [string, string | null] => [name, first(release, name)]),
  ];
  if (release.protocol === 'torrent') {
    attrs.push(
      ['seeders', release.seeders],
      ['leechers', release.leechers],
      ['peers', release.peers],
      ['infohash', release.infoHash],
      ['magneturl', release.magnetUrl],
      ['downloadvolumefactor', release.downloadVolumeFactor],
      ['uploadvolumefactor', release.uploadVolumeFactor],
      ['minimumratio', release.minimumRatio],
      ['minimumseedtime', release.minimumSeedTimeSeconds],
      ...release.indexerFlags.map((flag): [string, string] => ['tag', flag]),
    );
  } else {
    attrs.push(
      ['usenetdate', release.usenetDate?.toUTCString() ?? null],
      ['poster', first(release, 'poster')],
      ['group', first(release, 'group')],
    );
  }
  const type = release.protocol === 'usenet' ? 'application/x-nzb' : 'application/x-bittorrent';
  return [
    '    <item>',
    `      <title>${escape(release.title)}</title>`,
    `      <guid isPermaLink="false">${escape(item.guid)}</guid>`,
    `      <link>${escape(item.link)}</link>`,
    ...(item.comments === null ? [] : [`      <comments>${escape(item.comments)}</comments>`]),
    ...(release.publishDate === null
      ? []
      : [`      <pubDate>${release.publishDate.toUTCString()}</pubDate>`]),
    ...(release.size === null ? [] : [`      <size>${release.size}</size>`]),
    `      <description>${escape(release.title)}</description>`,
    ...release.categories.map((category) => `      <category>${category}</category>`),
    `      <enclosure url="${escape(item.link)}" length="${size}" type="${type}"/>`,
    ...attrs
      .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== '')
      .map(([name, value]) => `      <${ns}:attr name="${name}" value="${escape(String(value))}"/>`),
    '    </item>',
  ].join('\n');
}

function first(release: IndexerRelease, name: string): string | null {
  return release.attributes[name]?.[0] ?? null;
}

/** Escapes text for XML and drops what XML 1.0 cannot carry at all (control characters). */
export function escape(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
