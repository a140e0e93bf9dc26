// Owns the release rules a user sets for every search and RSS sync, movies and TV alike, with
// Sonarr's and Radarr's meanings: minimum seeders, usenet retention and minimum age, required and
// ignored terms (plain text or /regex/, case-insensitive), a preferred protocol.
// They are the decision engine's DecisionSettings field for field; each evaluation reads them.
import { z } from 'zod';
import { defaultDecisionSettings } from '../decisions/decision.types.js';
import { termMatcher } from '../decisions/specifications.js';
import { settingsSection } from './settings.service.js';

const MAX_TERMS = 100;

const term = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((value, context) => {
    try {
      termMatcher(value);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `${value} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });

export const releaseRulesSchema = z.object({
  minimumSeeders: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(defaultDecisionSettings.minimumSeeders)
    .describe('Torrents with fewer seeders are refused; 0: no minimum.'),
  usenetRetentionDays: z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .default(defaultDecisionSettings.usenetRetentionDays)
    .describe(
      "Usenet posts older than this many days are refused (your provider's retention); 0: unlimited.",
    ),
  minimumAgeMinutes: z
    .number()
    .int()
    .min(0)
    .max(43_200)
    .default(defaultDecisionSettings.minimumAgeMinutes)
    .describe('Usenet posts younger than this are refused, to let them propagate; 0: none.'),
  requiredTerms: z
    .array(term)
    .max(MAX_TERMS)
    .default([])
    .describe(
      'A release must contain at least one of these (text, or /regex/ with flags), case-insensitive.',
    ),
  ignoredTerms: z
    .array(term)
    .max(MAX_TERMS)
    .default([])
    .describe('A release containing any of these (text, or /regex/) is refused.'),
  preferredProtocol: z
    .enum(['usenet', 'torrent'])
    .nullable()
    .default(defaultDecisionSettings.preferredProtocol)
    .describe('Ranked first among otherwise equal releases (TV: a delay profile says it first); null: none.'),
});

export type ReleaseRules = z.output<typeof releaseRulesSchema>;

export const releaseRulesSection = settingsSection('releases', releaseRulesSchema);
