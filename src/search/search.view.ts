// How a stored search and its decisions are shown: by the API and by `omniarr search --json`.
import { z } from 'zod';
import type { StoredDecision, StoredSearch } from './search.repository.js';

export const decisionView = z.object({
  id: z.number().describe('Pass to POST /api/v1/releases/{id}/grab.'),
  rank: z.number(),
  title: z.string(),
  indexer: z.string(),
  protocol: z.enum(['torrent', 'usenet']),
  accepted: z.boolean(),
  quality: z.string(),
  customFormatScore: z.number(),
  rejections: z.array(z.object({ code: z.string(), message: z.string() })),
  episodeIds: z.array(z.number()).describe('The episodes the release holds (empty for a movie).'),
  size: z.number().nullable(),
  seeders: z.number().nullable(),
  publishDate: z.string().nullable(),
});

export const searchView = z.object({
  id: z.number(),
  movieId: z.number().nullable(),
  seriesId: z.number().nullable(),
  episodeIds: z.array(z.number()).describe('The episodes searched for (empty for a movie).'),
  seasonNumber: z.number().nullable(),
  trigger: z.enum(['automatic', 'interactive', 'rss']),
  date: z.string(),
  releases: z.number(),
  accepted: z.number(),
  grabbed: z.string().nullable(),
  indexers: z.object({
    answered: z.array(z.string()),
    failures: z.array(z.object({ indexer: z.string(), reason: z.string(), kind: z.string() })),
    skipped: z.array(z.object({ indexer: z.string(), reason: z.string(), until: z.number() })),
  }),
  decisions: z.array(decisionView),
});

export function toDecisionView(decision: StoredDecision): z.infer<typeof decisionView> {
  const { release } = decision.grabbed;
  return {
    id: decision.id,
    rank: decision.rank,
    title: decision.title,
    indexer: decision.indexer,
    protocol: release.protocol,
    accepted: decision.accepted,
    quality: decision.qualityName,
    customFormatScore: decision.customFormatScore,
    rejections: decision.rejections,
    episodeIds: decision.episodeIds,
    size: release.size,
    seeders: release.seeders,
    publishDate: release.publishDate,
  };
}

export function toSearchView(
  search: StoredSearch,
  decisions: readonly StoredDecision[],
): z.infer<typeof searchView> {
  return {
    id: search.id,
    movieId: search.movieId,
    seriesId: search.seriesId,
    episodeIds: search.episodeIds,
    seasonNumber: search.seasonNumber,
    trigger: search.trigger,
    date: new Date(search.createdAt).toISOString(),
    releases: search.releases,
    accepted: search.accepted,
    grabbed: search.grabbedTitle,
    indexers: search.indexers,
    decisions: decisions.map(toDecisionView),
  };
}
