// Owns the raw shapes of Torznab/Newznab documents as fast-xml-parser hands them to us (attributes
// prefixed `@_`, namespaces stripped so `torznab:attr` and `newznab:attr` are both `attr`), and the
// zod schemas that check them. Nothing outside this folder sees these types: the mapper turns them
// into ours. Every field is optional or loose because real indexers omit and add freely.
import { z } from 'zod';

/** An element's text, whether it came as a bare string or as `{ '#text': …, '@_attr': … }`. */
const text = z
  .union([z.string(), z.object({ '#text': z.string().optional() }).loose()])
  .transform((value) => (typeof value === 'string' ? value : (value['#text'] ?? '')));

/** Like `text`, but tolerates the element appearing twice (the first one wins). */
const firstText = z
  .union([text, z.array(text)])
  .transform((value) => (Array.isArray(value) ? (value.find((entry) => entry !== '') ?? '') : value));

const attributeBag = z.object({}).catchall(z.unknown());

/** An element that may be absent or empty (`<searching/>` parses to ''): both mean "not given". */
function element<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

export const rawEnclosureSchema = z
  .object({
    '@_url': z.string().optional(),
    '@_length': z.string().optional(),
    '@_type': z.string().optional(),
  })
  .loose();

export const rawAttrSchema = z.object({ '@_name': z.string(), '@_value': z.string().optional() }).loose();

export const rawItemSchema = z
  .object({
    title: firstText.optional(),
    guid: firstText.optional(),
    link: firstText.optional(),
    comments: firstText.optional(),
    pubDate: firstText.optional(),
    // Jackett repeats some attributes as plain elements.
    size: firstText.optional(),
    grabs: firstText.optional(),
    files: firstText.optional(),
    category: z.array(text).optional(),
    enclosure: z.array(rawEnclosureSchema).optional(),
    attr: z.array(z.unknown()).optional(),
  })
  .loose();

export type RawItem = z.infer<typeof rawItemSchema>;
export type RawEnclosure = z.infer<typeof rawEnclosureSchema>;
export type RawAttr = z.infer<typeof rawAttrSchema>;

export const rawFeedSchema = z.object({
  rss: z
    .object({
      channel: z.preprocess(
        (value) => (value === '' ? {} : value),
        z
          .object({
            item: z.array(z.unknown()).optional(),
            response: element(attributeBag),
          })
          .loose(),
      ),
    })
    .loose(),
});

export type RawFeed = z.infer<typeof rawFeedSchema>;

const rawSearchModeSchema = z
  .object({ '@_available': z.string().optional(), '@_supportedParams': z.string().optional() })
  .loose();

export type RawSearchMode = z.infer<typeof rawSearchModeSchema>;

const rawSubcategorySchema = z.object({ '@_id': z.string(), '@_name': z.string().optional() }).loose();

export const rawCapsSchema = z.object({
  caps: z.preprocess(
    (value) => (value === '' ? {} : value),
    z
      .object({
        server: element(
          z.object({ '@_title': z.string().optional(), '@_version': z.string().optional() }).loose(),
        ),
        limits: element(
          z.object({ '@_max': z.string().optional(), '@_default': z.string().optional() }).loose(),
        ),
        retention: element(z.object({ '@_days': z.string().optional() }).loose()),
        searching: element(
          z
            .object({
              search: element(rawSearchModeSchema),
              'tv-search': element(rawSearchModeSchema),
              'movie-search': element(rawSearchModeSchema),
            })
            .loose(),
        ),
        categories: element(
          z
            .object({
              category: z
                .array(
                  z
                    .object({
                      '@_id': z.string(),
                      '@_name': z.string().optional(),
                      subcat: z.array(rawSubcategorySchema).optional(),
                    })
                    .loose(),
                )
                .optional(),
            })
            .loose(),
        ),
        tags: element(
          z
            .object({
              tag: z
                .array(z.object({ '@_name': z.string(), '@_description': z.string().optional() }).loose())
                .optional(),
            })
            .loose(),
        ),
      })
      .loose(),
  ),
});

export type RawCaps = z.infer<typeof rawCapsSchema>;

export const rawErrorSchema = z.object({
  error: z.object({ '@_code': z.string().optional(), '@_description': z.string().optional() }).loose(),
});

/** Element paths that may repeat; the parser makes them arrays even when they appear once. */
export const repeatedElementPaths: ReadonlySet<string> = new Set([
  'rss.channel.item',
  'rss.channel.item.attr',
  'rss.channel.item.enclosure',
  'rss.channel.item.category',
  'caps.categories.category',
  'caps.categories.category.subcat',
  'caps.tags.tag',
]);
