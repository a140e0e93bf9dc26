// Owns the settings a user changes through the API, by section (naming, release rules): each a zod
// object whose every field has a default, stored as one JSON row, cached in memory, checked on save.
//
//   settingsSection(key, schema, problems?): SettingsSection      what a feature declares
//   class SettingsStore  constructor({ settings, clock, logger, maxAgeMs? })
//     get(section): Promise<value>      a missing row or field reads as its default; a stored field that
//                                       no longer parses (saved by an older version) reads as its default,
//                                       with a warning naming it
//     save(section, input): Promise<value>    BadRequestError naming each wrong field, else stored
//     validate(section, input): value         the same check, nothing stored (previews)
//
// Staleness: a save is seen at once by the process that made it. Replicas sharing one PostgreSQL see
// another's save within `maxAgeMs` (a minute by default): each re-reads a section once its copy is
// that old, rather than on every use (release rules are asked for once per series an RSS sync judges).
import { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError } from '../shared/errors.js';
import type { SettingsRepository } from './settings.repository.js';

/** What is wrong, by field name. */
export type FieldProblems = Record<string, string>;

export interface SettingsSection<Shape extends z.core.$ZodShape = z.core.$ZodShape> {
  /** The row's key. */
  readonly key: string;
  /** Every field with its default. */
  readonly schema: z.ZodObject<Shape>;
  /**
   * What its schema cannot tell about a field (a template that does not compile). Each field must be
   * judged on its own, so that setting one back to its default never makes another one wrong.
   */
  problems?(value: z.output<z.ZodObject<Shape>>): FieldProblems;
}

export type SettingsOf<S> = S extends SettingsSection<infer Shape> ? z.output<z.ZodObject<Shape>> : never;

export function settingsSection<Shape extends z.core.$ZodShape>(
  key: string,
  schema: z.ZodObject<Shape>,
  problems?: (value: z.output<z.ZodObject<Shape>>) => FieldProblems,
): SettingsSection<Shape> {
  return problems ? { key, schema, problems } : { key, schema };
}

export interface SettingsStoreDependencies {
  settings: Pick<SettingsRepository, 'find' | 'put'>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** How old a cached section may be before it is read again (other replicas' saves). */
  maxAgeMs?: number;
}

const DEFAULT_MAX_AGE_MS = 60_000;

interface Cached {
  value: unknown;
  readAt: number;
  /** The stored text it was decoded from: the same text again needs no decoding (nor template checks). */
  text: string | undefined;
}

export class SettingsStore {
  private readonly cache = new Map<string, Cached>();
  private readonly reading = new Map<string, Promise<unknown>>();
  /** The stored text last warned about, by section: one warning per stale value, not one per minute. */
  private readonly warned = new Map<string, string>();
  private readonly maxAgeMs: number;
  /** Counts saves: a read that started before a save must not cache what it read. */
  private saves = 0;

  constructor(private readonly deps: SettingsStoreDependencies) {
    this.maxAgeMs = deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  }

  async get<S extends SettingsSection>(section: S): Promise<SettingsOf<S>> {
    const cached = this.cache.get(section.key);
    if (cached && this.deps.clock.now() - cached.readAt < this.maxAgeMs) return cached.value as SettingsOf<S>;
    let reading = this.reading.get(section.key);
    if (!reading) {
      reading = this.read(section).finally(() => this.reading.delete(section.key));
      this.reading.set(section.key, reading);
    }
    return (await reading) as SettingsOf<S>;
  }

  async save<S extends SettingsSection>(section: S, input: unknown): Promise<SettingsOf<S>> {
    const value = this.validate(section, input);
    const now = this.deps.clock.now();
    const text = JSON.stringify(value);
    await this.deps.settings.put(section.key, text, now);
    this.saves += 1;
    Object.freeze(value);
    this.cache.set(section.key, { value, readAt: now, text });
    return value;
  }

  /** The input with its defaults filled in; BadRequestError naming every wrong field. */
  validate<S extends SettingsSection>(section: S, input: unknown): SettingsOf<S> {
    const parsed = z.safeParse(section.schema, input);
    if (!parsed.success) {
      const fields = Object.fromEntries(
        parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]),
      );
      throw invalid(section, fields);
    }
    const value = parsed.data as SettingsOf<S>;
    const problems = section.problems?.(value) ?? {};
    if (Object.keys(problems).length > 0) throw invalid(section, problems);
    return value;
  }

  private async read(section: SettingsSection): Promise<unknown> {
    const readAt = this.deps.clock.now();
    const saves = this.saves;
    const text = await this.deps.settings.find(section.key);
    const saved = this.cache.get(section.key);
    if (saves !== this.saves && saved) return saved.value;
    const value = saved && saved.text === text ? saved.value : Object.freeze(this.decode(section, text));
    this.cache.set(section.key, { value, readAt, text });
    return value;
  }

  /** The stored value field by field: what no longer parses or passes reads as its default. */
  private decode(section: SettingsSection, text: string | undefined): Record<string, unknown> {
    const defaults = section.schema.parse({});
    if (text === undefined) return defaults;
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      stored = undefined;
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      this.warn(section, text, Object.keys(defaults));
      return defaults;
    }
    const value: Record<string, unknown> = {};
    const reverted: string[] = [];
    for (const [name, field] of Object.entries(section.schema.shape)) {
      const parsed = z.safeParse(field, (stored as Record<string, unknown>)[name]);
      if (parsed.success) value[name] = parsed.data;
      else {
        value[name] = defaults[name];
        reverted.push(name);
      }
    }
    for (const name of Object.keys(section.problems?.(value) ?? {})) {
      value[name] = defaults[name];
      reverted.push(name);
    }
    if (reverted.length > 0) this.warn(section, text, reverted);
    return value;
  }

  private warn(section: SettingsSection, text: string, fields: string[]): void {
    if (this.warned.get(section.key) === text) return;
    this.warned.set(section.key, text);
    this.deps.logger.warn(
      { section: section.key, fields },
      'stored settings no longer valid (saved by an older version?): these fields use their defaults until saved again',
    );
  }
}

function invalid(section: SettingsSection, fields: FieldProblems): BadRequestError {
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
  return new BadRequestError(`invalid ${section.key} settings: ${summary}`, { fields });
}
