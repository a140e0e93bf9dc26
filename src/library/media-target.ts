// Owns the one notion the grab-to-import pipeline shares between movies and TV: what a download, a
// search, a blocklist entry or a history event is for. A movie, or some episodes of one series.

export type MediaTarget =
  | { movieId: number; seriesId?: undefined; episodeIds?: undefined }
  | { seriesId: number; episodeIds: readonly number[]; movieId?: undefined };

/** The target as rows store it (exactly one of the two ids set; episode ids as JSON). */
export interface TargetColumns {
  movie_id: number | null;
  series_id: number | null;
  episode_ids: string;
}

/** The target as records expose it. */
export interface TargetFields {
  movieId: number | null;
  seriesId: number | null;
  episodeIds: number[];
}

export function targetColumns(target: MediaTarget): TargetColumns {
  return target.movieId !== undefined
    ? { movie_id: target.movieId, series_id: null, episode_ids: '[]' }
    : { movie_id: null, series_id: target.seriesId, episode_ids: JSON.stringify(target.episodeIds) };
}

export function targetFields(row: TargetColumns): TargetFields {
  return {
    movieId: row.movie_id,
    seriesId: row.series_id,
    episodeIds: JSON.parse(row.episode_ids) as number[],
  };
}

/** The target of a stored record; throws for a record that names neither (a broken row). */
export function targetOf(fields: TargetFields): MediaTarget {
  if (fields.movieId !== null) return { movieId: fields.movieId };
  if (fields.seriesId !== null) return { seriesId: fields.seriesId, episodeIds: fields.episodeIds };
  throw new Error('the record belongs to neither a movie nor a series');
}
