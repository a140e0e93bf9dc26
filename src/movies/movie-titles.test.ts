import { describe, expect, it } from 'vitest';
import type { MovieMetadata } from '../metadata/metadata-provider.js';
import { alternativeTitlesOf, normaliseTags, sortTitleOf } from './movie.service.js';

describe('sortTitleOf', () => {
  it.each([
    ['The Matrix', 'matrix'],
    ['A Beautiful Mind', 'beautiful mind'],
    ['An American Tail', 'american tail'],
    ['Amélie', 'amelie'],
    ['Theodora', 'theodora'],
    ['The', 'the'],
    ['Léon: The Professional', 'leon the professional'],
    ['2001: A Space Odyssey', '2001 a space odyssey'],
  ])('%s sorts as %s', (title, expected) => {
    expect(sortTitleOf(title)).toBe(expected);
  });
});

describe('normaliseTags', () => {
  it('trims, lower-cases, de-duplicates and sorts', () => {
    expect(normaliseTags([' Kids ', 'kids', '4K', '', 'anime'])).toEqual(['4k', 'anime', 'kids']);
  });
  it('refuses a tag longer than 64 characters', () => {
    expect(() => normaliseTags(['x'.repeat(65)])).toThrow(/longer than 64/);
  });
});

describe('alternativeTitlesOf', () => {
  const meta = (originalTitle: string, alternatives: Array<[string, string | null]>) =>
    ({
      title: 'Spirited Away',
      originalTitle,
      alternativeTitles: alternatives.map(([title, country]) => ({ title, country })),
    }) as MovieMetadata;

  it('puts the original title first, then distinct alternatives, dropping the main title and blanks', () => {
    const titles = alternativeTitlesOf(
      meta('千と千尋の神隠し', [
        ['Sen to Chihiro no Kamikakushi', 'JP'],
        ['spirited away', 'US'],
        ['Sen to Chihiro no Kamikakushi', 'DE'],
        ['  ', 'FR'],
        ['!!!', 'GB'],
      ]),
    );
    expect(titles.map((title) => [title.title, title.country])).toEqual([
      ['千と千尋の神隠し', null],
      ['Sen to Chihiro no Kamikakushi', 'JP'],
    ]);
    expect(titles[1]?.cleanTitle).toBe('sentochihironokamikakushi');
  });

  it('adds nothing when the original title is the title', () => {
    expect(alternativeTitlesOf(meta('Spirited Away', []))).toEqual([]);
  });
});
