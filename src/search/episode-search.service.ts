// Owns searching for episodes: episode, season and whole-series searches (being written).

/** Payload `{ seriesId: number; episodeIds?: number[]; seasonNumber?: number }`. */
export const EPISODE_SEARCH_JOB = 'series.search';
