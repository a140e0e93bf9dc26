// Owns the rule that turns a movie's release dates into where it can be watched today: announced,
// in cinemas, or released (a digital or physical copy exists, so a good release can too).
import type { MovieMetadata } from './metadata-provider.js';

export type MovieAvailability = 'announced' | 'inCinemas' | 'released';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Many movies never get a digital or physical date in TMDB; after this long in cinemas we assume a
 * home release exists rather than wait for a date that will never be entered.
 */
export const ASSUME_RELEASED_AFTER_CINEMAS_DAYS = 90;

export function movieAvailability(
  movie: Pick<MovieMetadata, 'releaseDates' | 'status'>,
  now: number,
): MovieAvailability {
  const { inCinemas, digital, physical } = movie.releaseDates;
  const reached = (date: string | null) => date !== null && Date.parse(`${date}T00:00:00Z`) <= now;

  if (reached(digital) || reached(physical)) return 'released';
  if (reached(inCinemas)) {
    const homeReleaseKnown = digital !== null || physical !== null;
    const cinemaStart = Date.parse(`${inCinemas}T00:00:00Z`);
    if (!homeReleaseKnown && now - cinemaStart >= ASSUME_RELEASED_AFTER_CINEMAS_DAYS * DAY_MS)
      return 'released';
    return 'inCinemas';
  }
  // No dates at all but TMDB says it is out (old catalogue titles often lack release dates).
  if (inCinemas === null && digital === null && physical === null && movie.status === 'released') {
    return 'released';
  }
  return 'announced';
}
