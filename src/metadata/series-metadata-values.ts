// Owns the cleaning every TV metadata source's answers need alike (TVmaze, TMDB TV): ids that only
// count when they look like ids, and other titles without the main one or repeats.

/** The IMDb id only when it looks like one (`tt` + digits), lower-cased; sources have blanks. */
export function imdbIdOf(value: string | null): string | null {
  const id = (value ?? '').trim().toLowerCase();
  return /^tt\d{5,10}$/.test(id) ? id : null;
}

/** A positive whole number (an id, a runtime), or null for 0, negatives and nonsense. */
export function positiveOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

/** The other titles, trimmed, without blanks, the main title or repeats (case-insensitive). */
export function otherTitles(mainTitle: string, titles: Iterable<string>): string[] {
  const seen = new Set([mainTitle.trim().toLowerCase()]);
  const others: string[] = [];
  for (const raw of titles) {
    const title = raw.trim();
    if (!title || seen.has(title.toLowerCase())) continue;
    seen.add(title.toLowerCase());
    others.push(title);
  }
  return others;
}
