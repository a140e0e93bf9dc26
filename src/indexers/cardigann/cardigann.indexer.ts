// Owns running one Cardigann definition as an Indexer: logging in (form, post, get, cookie, oneurl;
// error and test selectors; a captcha becomes "needs a manual cookie"), searching (paths with inputs,
// keywordsfilters, category mapping, HTML/XML/JSON rows, fields with their filters), and fetching a
// chosen release (download selectors, before-requests, info-hash → magnet). All HTTP goes through
// SiteClient; parsing and mapping are the pure modules beside it, so the rest of Omniarr sees a
// Cardigann indexer exactly as it sees a Torznab one.
import * as cheerio from 'cheerio';
import type { Logger } from '../../logging/logger.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import type {
  FetchedRelease,
  Indexer,
  IndexerCapabilities,
  IndexerRelease,
  SearchMode,
  SearchQuery,
} from '../indexer.js';
import { IndexerError } from '../indexer-error.js';
import { CategoryMap, standardCategoryId, type CategoryMapping } from './categories.js';
import { CookieJar } from './cookie-jar.js';
import type { CardigannDefinition, ErrorBlock, SearchPathBlock, SelectorField } from './definition.js';
import { applyFilters, type FilterContext } from './filters.js';
import { encodeForm } from './form-encoding.js';
import { magnetOf } from './release-mapper.js';
import { cssSelector, markupValue } from './rows.js';
import { readSearchResults, resolveSelector, type SearchResults } from './search-results.js';
import type { IndexerFetch } from '../torznab/torznab.client.js';
import { SiteClient, type SiteResponse } from './site.client.js';
import { renderTemplate, type TemplateValue, type TemplateVariables } from './template.js';
import { configVariables, keywordsOf, queryVariables, type IndexerSettings } from './variables.js';

export interface CardigannIndexerOptions {
  definition: CardigannDefinition;
  /** The name the user gave this indexer; the definition's name by default. */
  name?: string;
  settings?: IndexerSettings;
  /** The site's address; the definition's first link by default (tests point it at a fake). */
  baseUrl?: string;
  /** This indexer's cookies (persist them to keep a session across restarts). */
  cookies?: CookieJar;
  timeoutMs?: number;
  /**
   * The fetch every request goes through: pass the solver's challenge-aware fetch (as Torznab
   * indexers get) so Cloudflare / DDoS-Guard challenges are passed; without it a challenge is a
   * clear ChallengeError.
   */
  fetch?: IndexerFetch;
  /** Overrides the definition's `requestDelay` (seconds between requests to the site), in ms. */
  requestDelayMs?: number;
  userAgent?: string;
  clock?: Clock;
  logger?: Logger;
}

/** The site needs a person: a captcha guards its login, so the user must paste a cookie. */
export class ManualCookieRequiredError extends IndexerError {
  constructor(indexer: string, reason: string) {
    super(
      indexer,
      `needs a manual cookie: ${reason}; log in with a browser and paste its cookies into the "cookie" setting`,
      {
        kind: 'auth',
      },
    );
  }
}

const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

interface Page {
  url: URL;
  text: string;
}

export class CardigannIndexer implements Indexer {
  readonly name: string;
  readonly protocol = 'torrent' as const;
  readonly definition: CardigannDefinition;
  private readonly settings: IndexerSettings;
  private readonly siteLink: URL;
  private readonly site: SiteClient;
  private readonly cookies: CookieJar;
  private readonly categories: CategoryMap;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private loggedIn = false;
  private loginInFlight: Promise<void> | undefined;

  constructor(options: CardigannIndexerOptions) {
    const { definition } = options;
    this.definition = definition;
    this.name = options.name ?? definition.name;
    this.settings = options.settings ?? {};
    const link = options.baseUrl ?? definition.links[0];
    if (!link)
      throw new IndexerError(this.name, 'the definition has no site link', { kind: 'invalid_response' });
    this.siteLink = new URL(link.endsWith('/') ? link : `${link}/`);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.cookies = options.cookies ?? new CookieJar(() => this.clock.now());
    this.categories = categoryMapOf(definition);
    const userAgent = stringSetting(this.settings.useragent) ?? options.userAgent ?? DEFAULT_USER_AGENT;
    this.site = new SiteClient({
      indexer: this.name,
      cookies: this.cookies,
      encoding: definition.encoding,
      timeoutMs: options.timeoutMs ?? 30_000,
      requestDelayMs: options.requestDelayMs ?? (definition.requestDelay ?? 0) * 1000,
      userAgent,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      clock: this.clock,
    });
  }

  capabilities(): Promise<IndexerCapabilities> {
    const modes = this.definition.caps.modes;
    const mode = (name: string): SearchMode => ({
      available: Array.isArray(modes[name]) && modes[name].length > 0,
      supportedParams: modes[name] ?? [],
    });
    return Promise.resolve({
      serverTitle: this.definition.name,
      limits: { default: 100, max: 100 },
      retentionDays: null,
      search: mode('search'),
      tvSearch: mode('tv-search'),
      movieSearch: mode('movie-search'),
      categories: this.categories.capabilities(),
      tags: [],
    });
  }

  async search(query: SearchQuery, signal?: AbortSignal): Promise<IndexerRelease[]> {
    return this.asIndexerError(signal, async () => {
      await this.ensureLoggedIn(signal);
      try {
        return await this.searchOnce(query, signal);
      } catch (error) {
        // A session that expired shows as the login page: log in again, once.
        if (!(error instanceof SessionExpired)) throw error;
        this.loggedIn = false;
        await this.ensureLoggedIn(signal);
        return this.searchOnce(query, signal);
      }
    });
  }

  async fetchRelease(release: IndexerRelease, signal?: AbortSignal): Promise<FetchedRelease> {
    const link = release.downloadUrl;
    if (link && /^magnet:/i.test(link)) return { kind: 'magnet', uri: link };
    if (!link) {
      if (release.magnetUrl) return { kind: 'magnet', uri: release.magnetUrl };
      throw new IndexerError(this.name, `release "${release.title}" has no download link`, {
        kind: 'invalid_response',
      });
    }
    return this.asIndexerError(signal, () => this.fetchLink(release, link, signal));
  }

  private async fetchLink(
    release: IndexerRelease,
    link: string,
    signal?: AbortSignal,
  ): Promise<FetchedRelease> {
    await this.ensureLoggedIn(signal);
    const download = this.definition.download;
    try {
      if (download && (download.selectors?.length || download.infohash || download.before)) {
        return await this.fetchThroughDownloadBlock(new URL(link), release.title, signal);
      }
      return await this.fetchFile(new URL(link), signal);
    } catch (error) {
      if (release.magnetUrl && error instanceof IndexerError && error.kind !== 'auth') {
        this.logger?.warn(
          { indexer: this.name, title: release.title, reason: error.reason },
          'torrent unavailable, using magnet',
        );
        return { kind: 'magnet', uri: release.magnetUrl };
      }
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Search

  private async searchOnce(query: SearchQuery, signal?: AbortSignal): Promise<IndexerRelease[]> {
    const { search } = this.definition;
    const now = new Date(this.clock.now());
    const baseVariables = this.baseVariables(now);
    const keywords = applyFilters(keywordsOf(query), search.keywordsfilters, {
      now,
      variables: baseVariables,
    });
    const siteCategories = this.categories.siteIdsFor(query.categories);
    const variables = new Map([...baseVariables, ...queryVariables(query, keywords, siteCategories)]);

    const paths: SearchPathBlock[] = search.paths ?? (search.path ? [{ path: search.path }] : []);
    const releases = new Map<string, IndexerRelease>();
    for (const path of paths) {
      if (path.categories && query.categories?.length) {
        const wanted = new Set(siteCategories);
        if (!path.categories.some((id) => wanted.has(String(id)))) continue;
      }
      const page = await this.requestSearchPath(path, variables, signal);
      for (const release of this.readResults(page, path, variables, now)) {
        if (!releases.has(release.guid)) releases.set(release.guid, release);
      }
    }
    return [...releases.values()];
  }

  private async requestSearchPath(
    path: SearchPathBlock,
    variables: TemplateVariables,
    signal?: AbortSignal,
  ): Promise<Page> {
    const { search } = this.definition;
    const inputs = {
      ...(path.inheritinputs === false ? {} : search.inputs),
      ...path.inputs,
    };
    const params = new URLSearchParams();
    let raw = '';
    for (const [key, template] of Object.entries(inputs)) {
      const value = renderTemplate(String(template), variables);
      if (key === '$raw') raw += value;
      else if (value !== '' || search.allowEmptyInputs) params.append(key, value);
    }
    const method =
      renderTemplate(path.method ?? 'get', variables)
        .trim()
        .toLowerCase() === 'post'
        ? 'POST'
        : 'GET';
    const url = this.resolve(renderTemplate(path.path, variables));
    const query = [encodeForm(params, this.definition.encoding), raw.replace(/^&+|&+$/g, '')]
      .filter(Boolean)
      .join('&');
    let form: URLSearchParams | undefined;
    if (method === 'GET') {
      if (query) url.search = url.search ? `${url.search}${path.queryseparator ?? '&'}${query}` : `?${query}`;
    } else form = new URLSearchParams(query);

    const response = await this.site.request({
      url,
      method,
      ...(form ? { form } : {}),
      headers: this.headersOf(search.headers, variables),
      followRedirects: path.followredirect ?? this.definition.followredirect ?? true,
      ...(signal ? { signal } : {}),
    });
    const page = this.pageOf(response);
    if (this.looksLikeLoginPage(page)) throw new SessionExpired();
    this.checkErrors(page, search.error, variables, 'api_error');
    return page;
  }

  private readResults(
    page: Page,
    path: SearchPathBlock,
    variables: TemplateVariables,
    now: Date,
  ): IndexerRelease[] {
    let results: SearchResults;
    try {
      results = readSearchResults(page.text, path, variables, {
        definition: this.definition,
        indexer: this.name,
        siteLink: this.siteLink,
        categories: this.categories,
        now,
      });
    } catch (error) {
      throw new IndexerError(this.name, `could not read the results: ${messageOf(error)}`, {
        kind: 'invalid_response',
      });
    }
    if (results.skipped > 0) {
      this.logger?.warn(
        { indexer: this.name, skipped: results.skipped, reason: results.firstSkipReason },
        'indexer rows skipped',
      );
    }
    return results.releases;
  }

  // -------------------------------------------------------------------------------------------
  // Download

  private async fetchThroughDownloadBlock(
    link: URL,
    title: string,
    signal?: AbortSignal,
  ): Promise<FetchedRelease> {
    const download = this.definition.download!;
    const now = new Date(this.clock.now());
    const variables = new Map<string, TemplateValue>([
      ...this.baseVariables(now),
      ...downloadUriVariables(link),
    ]);
    const context: FilterContext = { now, variables };

    let beforePage: Page | undefined;
    if (download.before) {
      const before = download.before;
      const params = new URLSearchParams();
      for (const [key, template] of Object.entries(before.inputs ?? {}))
        params.append(key, renderTemplate(String(template), variables));
      let url: URL;
      if (before.pathselector) {
        const page = this.pageOf(await this.site.request({ url: link, ...(signal ? { signal } : {}) }));
        const found = markupValue(page.text, resolveSelector(before.pathselector, variables));
        if (found === null)
          throw new IndexerError(this.name, 'the before-download link was not found', {
            kind: 'invalid_response',
          });
        url = new URL(applyFilters(found, before.pathselector.filters, context), page.url);
      } else url = this.resolve(renderTemplate(before.path ?? '', variables));
      const post = (before.method ?? 'get').toLowerCase() === 'post';
      if (!post) url = this.withQuery(url, params);
      beforePage = this.pageOf(
        await this.site.request({
          url,
          method: post ? 'POST' : 'GET',
          ...(post ? { form: params } : {}),
          ...(signal ? { signal } : {}),
        }),
      );
    }
    if (!download.selectors?.length && !download.infohash) return this.fetchFile(link, signal);

    const detailsPage = this.pageOf(
      await this.site.request({
        url: link,
        headers: this.headersOf(download.headers, variables),
        ...(signal ? { signal } : {}),
      }),
    );
    const pageFor = (field: SelectorField) =>
      field.usebeforeresponse && beforePage ? beforePage : detailsPage;

    if (download.infohash?.hash) {
      const { hash, title: titleField } = download.infohash;
      const page = download.infohash.usebeforeresponse && beforePage ? beforePage : detailsPage;
      const found = markupValue(page.text, resolveSelector(hash, variables));
      if (found !== null) {
        const infoHash = applyFilters(found, hash.filters, context).trim().toLowerCase();
        const shownTitle = titleField
          ? applyFilters(
              markupValue(page.text, resolveSelector(titleField, variables)) ?? title,
              titleField.filters,
              context,
            )
          : title;
        if (/^[0-9a-f]{40}$/.test(infoHash)) return { kind: 'magnet', uri: magnetOf(infoHash, shownTitle) };
      }
    }

    const failures: string[] = [];
    for (const selector of download.selectors ?? []) {
      const page = pageFor(selector);
      const found = markupValue(page.text, resolveSelector(selector, variables));
      if (found === null || found.trim() === '') continue;
      const target = applyFilters(found, selector.filters, context).trim();
      if (/^magnet:/i.test(target)) return { kind: 'magnet', uri: target };
      try {
        return await this.fetchFile(new URL(target, page.url), signal);
      } catch (error) {
        if (!(error instanceof IndexerError) || error.kind === 'auth') throw error;
        failures.push(error.reason);
      }
    }
    throw new IndexerError(
      this.name,
      failures.length > 0
        ? `no download link worked (${failures.join('; ')})`
        : 'no download link found on the release page',
      { kind: 'invalid_response' },
    );
  }

  /** The .torrent behind a link, or the magnet it redirects to. */
  private async fetchFile(url: URL, signal?: AbortSignal): Promise<FetchedRelease> {
    const response = await this.site.request({ url, ...(signal ? { signal } : {}) });
    if (response.kind === 'magnet') return { kind: 'magnet', uri: response.uri };
    if (response.status === 401 || response.status === 403) {
      throw new IndexerError(this.name, `download refused (HTTP ${response.status})`, {
        kind: 'auth',
        httpStatus: response.status,
      });
    }
    if (isTorrentFile(response.body)) return { kind: 'torrent', bytes: response.body };
    throw new IndexerError(this.name, 'download link did not return a .torrent file', {
      kind: 'invalid_response',
    });
  }

  // -------------------------------------------------------------------------------------------
  // Login

  private async ensureLoggedIn(signal?: AbortSignal): Promise<void> {
    if (!this.definition.login || this.loggedIn) return;
    this.loginInFlight ??= this.login(signal).finally(() => {
      this.loginInFlight = undefined;
    });
    await this.loginInFlight;
    this.loggedIn = true;
  }

  private async login(signal?: AbortSignal): Promise<void> {
    const login = this.definition.login!;
    const now = new Date(this.clock.now());
    const variables = this.baseVariables(now);
    const cookie = stringSetting(this.settings.cookie);
    const method = login.method ?? (cookie ? 'cookie' : 'form');
    const headers = this.headersOf(login.headers, variables);
    const opts = signal ? { signal } : {};
    const inputs = new URLSearchParams();
    for (const [key, template] of Object.entries(login.inputs ?? {})) {
      inputs.append(key, renderTemplate(String(template), variables));
    }

    if (method === 'cookie' || (login.captcha && cookie)) {
      if (!cookie) {
        throw new IndexerError(
          this.name,
          'the "cookie" setting is empty; paste the cookies of a logged-in browser',
          {
            kind: 'auth',
          },
        );
      }
      this.cookies.storeHeader(this.siteLink, cookie);
    } else if (method === 'form') {
      const loginUrl = this.resolve(renderTemplate(login.path ?? '', variables));
      const page = this.pageOf(await this.site.request({ url: loginUrl, headers, ...opts }));
      if (login.captcha) {
        const $ = cheerio.load(page.text);
        if ($(cssSelector(login.captcha.selector)).length > 0) {
          throw new ManualCookieRequiredError(this.name, 'the login form has a captcha');
        }
      }
      const form = this.readLoginForm(page, login.form ? renderTemplate(login.form, variables) : 'form');
      for (const [key, field] of Object.entries(login.selectorinputs ?? {})) {
        const found = markupValue(page.text, resolveSelector(field, variables));
        if (found === null)
          throw new IndexerError(this.name, `login page lacks the "${key}" value`, { kind: 'auth' });
        form.fields.set(key, applyFilters(found, field.filters, { now, variables }));
      }
      for (const [key, value] of inputs) form.fields.set(key, value);
      const action = login.submitpath
        ? this.resolve(renderTemplate(login.submitpath, variables))
        : form.action;
      for (const [key, field] of Object.entries(login.getselectorinputs ?? {})) {
        const found = markupValue(page.text, resolveSelector(field, variables));
        if (found !== null)
          action.searchParams.set(key, applyFilters(found, field.filters, { now, variables }));
      }
      const body = new URLSearchParams([...form.fields]);
      let response: SiteResponse;
      if (form.method === 'GET') {
        response = await this.site.request({ url: this.withQuery(action, body), headers, ...opts });
      } else {
        response = await this.site.request({ url: action, method: 'POST', form: body, headers, ...opts });
      }
      this.checkErrors(this.pageOf(response), login.error, variables, 'auth');
    } else if (method === 'post') {
      const url = this.resolve(renderTemplate(login.path ?? '', variables));
      const response = await this.site.request({ url, method: 'POST', form: inputs, headers, ...opts });
      this.checkErrors(this.pageOf(response), login.error, variables, 'auth');
    } else {
      // get, oneurl: the credentials travel in the URL.
      let url: URL;
      if (method === 'oneurl') {
        url = this.resolve(renderTemplate(login.path ?? '', variables) + (inputs.get('oneurl') ?? ''));
      } else {
        url = this.withQuery(this.resolve(renderTemplate(login.path ?? '', variables)), inputs);
      }
      const response = await this.site.request({ url, headers, ...opts });
      this.checkErrors(this.pageOf(response), login.error, variables, 'auth');
    }

    if (login.test) {
      const url = this.resolve(renderTemplate(login.test.path, variables));
      const page = this.pageOf(await this.site.request({ url, ...opts }));
      const selector = login.test.selector ? renderTemplate(login.test.selector, variables) : undefined;
      if (selector && cheerio.load(page.text)(cssSelector(selector)).length === 0) {
        throw new IndexerError(
          this.name,
          method === 'cookie'
            ? 'the cookie did not log in (it may have expired)'
            : 'login did not succeed (the test page does not show a logged-in user)',
          { kind: 'auth' },
        );
      }
    }
    this.logger?.info({ indexer: this.name, method }, 'indexer logged in');
  }

  private readLoginForm(
    page: Page,
    selector: string,
  ): { action: URL; method: 'GET' | 'POST'; fields: Map<string, string> } {
    const $ = cheerio.load(page.text);
    const form = $(cssSelector(selector)).first();
    if (form.length === 0) {
      throw new IndexerError(this.name, `the login page has no form matching "${selector}"`, {
        kind: 'auth',
      });
    }
    const fields = new Map<string, string>();
    form.find('input[name], select[name], textarea[name]').each((_, element) => {
      const input = $(element);
      const name = input.attr('name')!;
      const type = (input.attr('type') ?? '').toLowerCase();
      if ((type === 'checkbox' || type === 'radio') && input.attr('checked') === undefined) return;
      if (type === 'submit' || type === 'image' || type === 'button') return;
      if (element.tagName === 'select') {
        fields.set(
          name,
          input.find('option[selected]').attr('value') ?? input.find('option').first().attr('value') ?? '',
        );
      } else fields.set(name, input.attr('value') ?? input.text());
    });
    const action = new URL(form.attr('action') || page.url.href, page.url);
    return {
      action,
      method: (form.attr('method') ?? 'post').toLowerCase() === 'get' ? 'GET' : 'POST',
      fields,
    };
  }

  private checkErrors(
    page: Page,
    blocks: readonly ErrorBlock[] | undefined,
    variables: TemplateVariables,
    kind: 'auth' | 'api_error',
  ): void {
    if (!blocks?.length) return;
    const $ = cheerio.load(page.text);
    for (const block of blocks) {
      if (block.path && !page.url.pathname.endsWith(block.path.replace(/^\/?/, '/'))) continue;
      const selector = renderTemplate(block.selector, variables);
      const found = $(cssSelector(selector)).first();
      if (found.length === 0) continue;
      let message = found.text().replace(/\s+/g, ' ').trim();
      if (block.message) {
        const detail = markupValue(page.text, resolveSelector(block.message, variables));
        if (detail !== null)
          message = applyFilters(detail, block.message.filters, {
            now: new Date(this.clock.now()),
            variables,
          });
      }
      const what = kind === 'auth' ? 'login failed' : 'the site reported an error';
      throw new IndexerError(this.name, `${what}: ${message.slice(0, 300) || selector}`, { kind });
    }
  }

  private looksLikeLoginPage(page: Page): boolean {
    const login = this.definition.login;
    if (!login?.path || login.method === 'cookie' || !this.loggedIn) return false;
    const loginPath = new URL(
      renderTemplate(login.path, this.baseVariables(new Date(this.clock.now()))),
      this.siteLink,
    ).pathname;
    return page.url.pathname === loginPath && page.url.pathname !== this.siteLink.pathname;
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Runs `work`, turning a definition that fails at run time (a template, filter or regex error) into
   * an IndexerError, so the hub records it like any other indexer failure.
   */
  private async asIndexerError<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof IndexerError || signal?.aborted) throw error;
      throw new IndexerError(
        this.name,
        `the definition failed: ${messageOf(error)}`,
        { kind: 'invalid_response' },
        {
          cause: error,
        },
      );
    }
  }

  private baseVariables(now: Date): Map<string, TemplateValue> {
    return configVariables(this.definition, this.settings, this.siteLink, now);
  }

  /** `url` with `pairs` added to its query, encoded in the site's page encoding. */
  private withQuery(url: URL, pairs: URLSearchParams): URL {
    if (pairs.size === 0) return url;
    const encoded = encodeForm(pairs, this.definition.encoding);
    const result = new URL(url);
    result.search = result.search ? `${result.search}&${encoded}` : `?${encoded}`;
    return result;
  }

  private resolve(path: string): URL {
    try {
      return new URL(path, this.siteLink);
    } catch {
      throw new IndexerError(this.name, 'the definition produced an invalid address', {
        kind: 'invalid_response',
      });
    }
  }

  private headersOf(
    headers: Record<string, string[]> | undefined,
    variables: TemplateVariables,
  ): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, values] of Object.entries(headers ?? {})) {
      result[name.toLowerCase()] = values.map((value) => renderTemplate(value, variables)).join(', ');
    }
    return result;
  }

  private pageOf(response: SiteResponse): Page {
    if (response.kind === 'magnet') {
      throw new IndexerError(this.name, 'answered a page request with a magnet link', {
        kind: 'invalid_response',
      });
    }
    if (response.status === 401 || response.status === 403) {
      throw new IndexerError(this.name, `access refused (HTTP ${response.status})`, {
        kind: 'auth',
        httpStatus: response.status,
      });
    }
    return { url: response.url, text: response.text };
  }
}

class SessionExpired extends Error {
  override name = 'SessionExpired';
}

function categoryMapOf(definition: CardigannDefinition): CategoryMap {
  const mappings: CategoryMapping[] = [];
  const add = (siteId: string | number, category: string, description: string | null, isDefault: boolean) => {
    const newznabId = standardCategoryId(category);
    if (newznabId !== undefined)
      mappings.push({ siteId: String(siteId), newznabId, description, default: isDefault });
  };
  for (const [siteId, category] of Object.entries(definition.caps.categories ?? {}))
    add(siteId, category, null, false);
  for (const mapping of definition.caps.categorymappings ?? []) {
    add(mapping.id, mapping.cat, mapping.desc ?? null, mapping.default ?? false);
  }
  return new CategoryMap(mappings);
}

function downloadUriVariables(link: URL): Map<string, TemplateValue> {
  const variables = new Map<string, TemplateValue>([
    ['.DownloadUri.AbsoluteUri', link.href],
    ['.DownloadUri.AbsolutePath', link.pathname],
    ['.DownloadUri.PathAndQuery', link.pathname + link.search],
    ['.DownloadUri.Query', link.search.replace(/^\?/, '')],
  ]);
  for (const [key, value] of link.searchParams) variables.set(`.DownloadUri.Query.${key}`, value);
  return variables;
}

function isTorrentFile(body: Buffer): boolean {
  return body.length > 10 && body[0] === 0x64 && body.subarray(0, 4096).includes('4:info');
}

function stringSetting(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
