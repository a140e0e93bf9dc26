// Owns the shapes of quality definitions, quality profiles and custom formats, as zod schemas: the same
// schema validates API input, documents it in the OpenAPI, and re-checks JSON read back from the
// database. The domain types are inferred from them.
import { z } from 'zod';
import { QUALITY_NAMES } from './qualities.js';

const qualityName = z
  .string()
  .refine((name) => QUALITY_NAMES.includes(name), { message: 'unknown quality name' })
  .describe(`A quality name: ${QUALITY_NAMES.join(', ')}`);

const mbPerMinute = z.number().min(0).max(10_000);

export const qualityDefinitionSchema = z.object({
  quality: qualityName,
  title: z.string().min(1).max(100).describe('How the quality is shown to users'),
  minSize: mbPerMinute.describe('Smallest acceptable size, MB per minute of runtime'),
  preferredSize: mbPerMinute.nullable().describe('Size the ranking prefers; null means as large as allowed'),
  maxSize: mbPerMinute.nullable().describe('Largest acceptable size, MB per minute; null means no limit'),
});
export type QualityDefinition = z.infer<typeof qualityDefinitionSchema>;

export const qualityDefinitionUpdateSchema = qualityDefinitionSchema.omit({ quality: true });
export type QualityDefinitionUpdate = z.infer<typeof qualityDefinitionUpdateSchema>;

export const profileItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quality'), quality: qualityName, allowed: z.boolean() }),
  z.object({
    kind: z.literal('group'),
    name: z.string().min(1).max(100),
    qualities: z.array(qualityName).min(1).describe('Qualities counted as equal to each other'),
    allowed: z.boolean(),
  }),
]);
export type ProfileItem = z.infer<typeof profileItemSchema>;

export const formatScoreSchema = z.object({
  customFormatId: z.number().int().positive(),
  score: z.number().int().min(-1_000_000).max(1_000_000),
});
export type FormatScore = z.infer<typeof formatScoreSchema>;

export const qualityProfileInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  upgradeAllowed: z.boolean(),
  items: z
    .array(profileItemSchema)
    .min(1)
    .describe('Best first. A quality left out of the list is not wanted.'),
  cutoff: z
    .string()
    .min(1)
    .describe('The quality or group name at which upgrades stop (when the format score is also met)'),
  minFormatScore: z.number().int().describe('Releases scoring less are refused'),
  cutoffFormatScore: z.number().int().describe('Upgrades for format score stop once the file reaches it'),
  minUpgradeFormatScore: z
    .number()
    .int()
    .min(1)
    .describe('A same-quality upgrade must raise the format score by at least this much'),
  formatScores: z.array(formatScoreSchema).describe('Scores of custom formats; formats not listed score 0'),
});
export type QualityProfileInput = z.infer<typeof qualityProfileInputSchema>;

export const qualityProfileSchema = qualityProfileInputSchema.extend({ id: z.number().int() });
export type QualityProfile = z.infer<typeof qualityProfileSchema>;

export const QUALITY_SOURCES = [
  'cam',
  'telesync',
  'telecine',
  'workprint',
  'dvd',
  'tv',
  'webdl',
  'webrip',
  'bluray',
  'unknown',
] as const;
export const QUALITY_MODIFIERS = ['regional', 'screener', 'rawhd', 'brdisk', 'remux', 'dvdr'] as const;

const regexPattern = z
  .string()
  .min(1)
  .max(1000)
  .refine(
    (pattern) => {
      try {
        new RegExp(pattern, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  )
  .describe('A regular expression, matched case-insensitively');

const conditionBase = {
  name: z.string().min(1).max(100),
  negate: z.boolean().default(false).describe('The condition matches when its test does not'),
  required: z.boolean().default(false).describe('The format cannot match unless this condition matches'),
};

export const customFormatConditionSchema = z.discriminatedUnion('type', [
  z.object({ ...conditionBase, type: z.literal('releaseTitle'), pattern: regexPattern }),
  z.object({ ...conditionBase, type: z.literal('releaseGroup'), pattern: regexPattern }),
  z.object({ ...conditionBase, type: z.literal('edition'), pattern: regexPattern }),
  z.object({ ...conditionBase, type: z.literal('source'), source: z.enum(QUALITY_SOURCES) }),
  z.object({ ...conditionBase, type: z.literal('resolution'), resolution: z.number().int().positive() }),
  z.object({ ...conditionBase, type: z.literal('qualityModifier'), modifier: z.enum(QUALITY_MODIFIERS) }),
  z.object({
    ...conditionBase,
    type: z.literal('language'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .describe('ISO 639-1 code as the parser reports it (`en`, `fr`, `mul`, …)'),
  }),
  z
    .object({
      ...conditionBase,
      type: z.literal('size'),
      minGb: z.number().min(0).describe('Exclusive lower bound in GB (1024³ bytes)'),
      maxGb: z.number().positive().describe('Inclusive upper bound in GB'),
    })
    .refine((condition) => condition.minGb < condition.maxGb, { message: 'minGb must be below maxGb' }),
  z.object({
    ...conditionBase,
    type: z.literal('indexerFlag'),
    flag: z.string().min(1).toLowerCase().describe('`freeleech`, `halfleech`, `internal`, `scene`, …'),
  }),
]);
export type CustomFormatCondition = z.infer<typeof customFormatConditionSchema>;
export type CustomFormatConditionType = CustomFormatCondition['type'];

export const customFormatInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  includeWhenRenaming: z.boolean().default(false),
  conditions: z.array(customFormatConditionSchema).min(1),
});
export type CustomFormatInput = z.infer<typeof customFormatInputSchema>;

export const customFormatSchema = customFormatInputSchema.extend({ id: z.number().int() });
export type CustomFormat = z.infer<typeof customFormatSchema>;
