// The delay profile as the API reads and writes it, in Sonarr's field names (delays in minutes).
import { z } from 'zod';

/** A month: anything longer is a typing mistake, not a delay. */
const MAX_DELAY_MINUTES = 43_200;

const delayMinutes = z
  .number()
  .int()
  .min(0)
  .max(MAX_DELAY_MINUTES)
  .describe('Minutes a release waits after it was published (or first seen) before it may be grabbed.');

export const delayProfileInputSchema = z.object({
  preferredProtocol: z
    .enum(['usenet', 'torrent'])
    .default('torrent')
    .describe('Ranked first among otherwise equal releases; its delay applies to it.'),
  usenetDelay: delayMinutes.default(0),
  torrentDelay: delayMinutes.default(0),
  bypassIfHighestQuality: z
    .boolean()
    .default(false)
    .describe("No wait for a release already at the quality profile's highest allowed quality."),
  tags: z
    .array(z.string().max(64))
    .max(100)
    .default([])
    .describe('Series with any of these tags use this profile; none for the default profile.'),
});
export type DelayProfileInput = z.infer<typeof delayProfileInputSchema>;

export const delayProfileSchema = z.object({
  id: z.number(),
  preferredProtocol: z.enum(['usenet', 'torrent']),
  usenetDelay: z.number(),
  torrentDelay: z.number(),
  bypassIfHighestQuality: z.boolean(),
  tags: z.array(z.string()),
  order: z.number().describe('Profiles are tried in this order; the default is always last.'),
  isDefault: z.boolean().describe('Used by series no other profile matches; cannot be deleted.'),
});
