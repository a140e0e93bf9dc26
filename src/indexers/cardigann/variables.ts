// Owns the variables a definition's templates see: `.Config.*` from the user's settings (with the
// definition's defaults), `.True`/`.False`, `.Today.Year`, and `.Query.*`/`.Keywords`/`.Categories`
// for one search. Pure.
import { tvEpisodeWords, type SearchQuery } from '../indexer.js';
import type { CardigannDefinition } from './definition.js';
import { TRUE_VALUE, type TemplateValue } from './template.js';

/** What the user set for an indexer, by setting name; checkboxes as booleans. */
export type IndexerSettings = Readonly<Record<string, string | boolean | undefined>>;

export function configVariables(
  definition: CardigannDefinition,
  settings: IndexerSettings,
  siteLink: URL,
  now: Date,
): Map<string, TemplateValue> {
  const variables = new Map<string, TemplateValue>([
    ['.True', TRUE_VALUE],
    ['.False', null],
    ['.Today.Year', String(now.getUTCFullYear())],
    ['.Config.sitelink', siteLink.href],
  ]);
  for (const setting of definition.settings ?? []) {
    if (setting.type.startsWith('info')) continue;
    const given = settings[setting.name];
    const value = given ?? setting.default;
    if (setting.type === 'checkbox') {
      variables.set(
        `.Config.${setting.name}`,
        value === true || value === 'true' || value === 'True' ? TRUE_VALUE : null,
      );
    } else {
      variables.set(`.Config.${setting.name}`, value === undefined || value === false ? '' : String(value));
    }
  }
  return variables;
}

/** The search's free text as the site should get it: title plus year, or title plus S01E02 (tvEpisodeWords). */
export function keywordsOf(query: SearchQuery): string {
  switch (query.kind) {
    case 'text':
      return query.text.trim();
    case 'movie':
      return [query.title, query.year]
        .filter((part) => part !== undefined && part !== '')
        .join(' ')
        .trim();
    case 'tv':
      return [query.title, tvEpisodeWords(query)].filter(Boolean).join(' ').trim();
  }
}

export function queryVariables(
  query: SearchQuery,
  keywords: string,
  siteCategories: readonly string[],
): Map<string, TemplateValue> {
  const set = (value: string | number | undefined): string | null =>
    value === undefined || value === '' ? null : String(value);
  const imdbId = query.kind === 'text' ? undefined : query.imdbId;
  const variables = new Map<string, TemplateValue>([
    ['.Keywords', keywords || null],
    ['.Query.Keywords', keywords || null],
    ['.Query.Q', set(query.kind === 'text' ? query.text : query.title)],
    ['.Query.Type', query.kind === 'text' ? 'search' : query.kind === 'tv' ? 'tvsearch' : 'movie'],
    ['.Query.Limit', set(query.limit)],
    ['.Query.Offset', set(query.offset)],
    ['.Categories', siteCategories],
    ['.Query.IMDBID', set(imdbId)],
    ['.Query.IMDBIDShort', set(imdbId?.replace(/^tt/, ''))],
  ]);
  if (query.kind === 'movie') {
    variables.set('.Query.Movie', set(query.title));
    variables.set('.Query.Year', set(query.year));
    variables.set('.Query.TMDBID', set(query.tmdbId));
  }
  if (query.kind === 'tv') {
    variables.set('.Query.Series', set(query.title));
    variables.set('.Query.Season', set(query.season));
    variables.set('.Query.Ep', set(query.episode));
    variables.set('.Query.TVDBID', set(query.tvdbId));
    variables.set('.Query.TVMazeID', set(query.tvmazeId));
  }
  return variables;
}
