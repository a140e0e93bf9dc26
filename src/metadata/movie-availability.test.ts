import { describe, expect, it } from 'vitest';
import type { MovieReleaseDates } from './metadata-provider.js';
import { movieAvailability } from './movie-availability.js';

const now = Date.parse('2025-06-15T12:00:00Z');

function dates(
  inCinemas: string | null,
  digital: string | null = null,
  physical: string | null = null,
): MovieReleaseDates {
  return { inCinemas, digital, physical };
}

describe('movieAvailability', () => {
  it.each([
    ['nothing dated, not out', dates(null), 'planned', 'announced'],
    ['nothing dated but TMDB says released', dates(null), 'released', 'released'],
    ['cinemas in the future', dates('2025-07-01'), 'postProduction', 'announced'],
    ['in cinemas since last week', dates('2025-06-08'), 'released', 'inCinemas'],
    ['in cinemas today', dates('2025-06-15'), 'released', 'inCinemas'],
    ['digital release out', dates('2025-04-01', '2025-06-01'), 'released', 'released'],
    ['physical release out', dates('2025-04-01', null, '2025-06-10'), 'released', 'released'],
    ['digital release announced for later', dates('2025-01-01', '2025-07-01'), 'released', 'inCinemas'],
    ['long in cinemas, no home release dated', dates('2025-03-01'), 'released', 'released'],
    ['digital only, no cinemas', dates(null, '2025-06-01'), 'released', 'released'],
  ] as const)('%s', (_name, releaseDates, status, expected) => {
    expect(movieAvailability({ releaseDates, status }, now)).toBe(expected);
  });
});
