// Owns /api/v1/wanted/cutoff (episodes whose file is below their series' quality profile cutoff) and
// the iCal feed /feed/v1/calendar/omniarr.ics that calendar apps subscribe to. The feed is
// authenticated like every route; calendar apps send the key as `?apikey=`, which the server accepts.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { pageWindow } from '../http/paging.js';
import type { ProfileService } from '../profiles/profile.service.js';
import { belowCutoff } from '../profiles/quality-ranking.js';
import type { CalendarFeed } from './calendar-feed.js';
import { episodePageView, toWantedEpisodeView, wantedQuery } from './series.schema.js';
import type { SeriesService } from './series.service.js';

export interface WantedRouteDeps {
  series: Pick<SeriesService, 'cutoffUnmet'>;
  profiles: Pick<ProfileService, 'listProfiles'>;
  feed: CalendarFeed;
}

const flag = z.enum(['true', 'false']);
const days = (fallback: number) => z.coerce.number().int().min(0).max(366).default(fallback);

const feedQuery = z.object({
  pastDays: days(7).describe('days before today (UTC) to include'),
  futureDays: days(28).describe('days after today (UTC) to include'),
  unmonitored: flag.default('false').describe('also unmonitored episodes and series'),
  apikey: z.string().optional().describe('the API key; calendar apps cannot send a header'),
});

export const wantedRoutes: RouteModule<WantedRouteDeps> = (app, { series, profiles, feed }) => {
  app.get(
    '/api/v1/wanted/cutoff',
    {
      schema: {
        tags: ['series'],
        summary:
          "Monitored episodes whose file's quality (qualityName) is below the cutoff of its series' quality profile, most recent first.",
        querystring: wantedQuery,
        response: { 200: episodePageView },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const rule = belowCutoff(await profiles.listProfiles());
      const { total, records } = await series.cutoffUnmet(rule, pageWindow({ page, pageSize }));
      return { page, pageSize, totalRecords: total, records: records.map(toWantedEpisodeView) };
    },
  );

  app.get(
    '/feed/v1/calendar/omniarr.ics',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The TV calendar as an iCalendar feed: one event per episode.',
        description:
          'Subscribe with ?apikey=KEY. Events carry the air time and runtime, or are all-day when only ' +
          'the air date is known; SUMMARY is "Series - S01E02 - Title", CATEGORIES the network.',
        querystring: feedQuery,
        produces: ['text/calendar'],
        response: { 200: z.string().describe('text/calendar (RFC 5545)') },
      },
    },
    async (request, reply) => {
      const { pastDays, futureDays, unmonitored } = request.query;
      const body = await feed.render({ pastDays, futureDays, unmonitored: unmonitored === 'true' });
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').send(body);
    },
  );
};
