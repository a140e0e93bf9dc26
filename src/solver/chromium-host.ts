// Owns the one Chromium process the solver uses: started on first need (Debian's Chromium through
// playwright-core, never a downloaded browser, a fresh temporary profile each launch), shared by
// every request and session, and closed once nothing has used it for `idleTimeoutMs`, so an idle
// solver costs no browser memory at all (FlareSolverr keeps ~1 GiB resident and leaks processes).
import type { Browser } from 'playwright-core';
import type { Logger } from '../logging/logger.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

// Flags for a quiet, headless, sandbox-less browser in a container: no GPU, no calls home, no QUIC
// (UDP often blocked in clusters, and it makes loopback tests flaky).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface ChromiumHostOptions {
  executablePath?: string;
  /** Close the browser after this long with no request and no open session. */
  idleTimeoutMs?: number;
  /** Bounds the browser start itself (a broken install must not hang a request forever). */
  launchTimeoutMs?: number;
  logger?: Logger;
}

/** A browser held open until `release()` is called; `generation` changes on every launch. */
export interface BrowserLease {
  browser: Browser;
  /** The browser's own user agent without "Headless", which sites block on sight. */
  userAgent: string;
  generation: number;
  release(): void;
}

interface Running {
  browser: Browser;
  userAgent: string;
  generation: number;
}

export class ChromiumHost {
  private readonly executablePath: string;
  private readonly idleTimeoutMs: number;
  private readonly launchTimeoutMs: number;
  private readonly logger: Logger | undefined;
  private running: Promise<Running> | undefined;
  private leases = 0;
  private generation = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: ChromiumHostOptions = {}) {
    this.executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.launchTimeoutMs = options.launchTimeoutMs ?? 30_000;
    this.logger = options.logger;
  }

  /** Whether a browser process is up (or starting). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get activeLeases(): number {
    return this.leases;
  }

  async acquire(): Promise<BrowserLease> {
    if (this.closed) throw new Error('the solver is shutting down');
    this.leases += 1;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    let running: Running;
    try {
      this.running ??= this.launch();
      running = await this.running;
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return {
      ...running,
      release: () => {
        if (released) return;
        released = true;
        this.release();
      },
    };
  }

  /** Closes the browser now, whatever holds it; later acquire() calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.shutDown('solver stopped');
  }

  private release(): void {
    this.leases -= 1;
    if (this.leases > 0 || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.leases === 0) void this.shutDown('idle');
    }, this.idleTimeoutMs);
    // An idle timer alone must not keep a finished process (a CLI, a test) alive.
    this.idleTimer.unref();
  }

  private async shutDown(reason: string): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    try {
      const { browser } = await running;
      await browser.close();
      this.logger?.info({ reason }, 'challenge solver browser closed');
    } catch {
      // A launch that failed has nothing to close.
    }
  }

  private async launch(): Promise<Running> {
    const started = Date.now();
    let browser: Browser;
    try {
      // Loaded with the first launch: a service that never meets a challenge never pays for it.
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: this.executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: this.launchTimeoutMs,
        // We stop the browser ourselves (idle, shutdown); Playwright's signal handlers would race us.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      this.running = undefined;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new Error(`could not start Chromium at ${this.executablePath}: ${reason}`, { cause: error });
    }
    const generation = ++this.generation;
    const current = this.running;
    browser.on('disconnected', () => {
      // A crashed browser is forgotten so the next request starts a new one.
      if (this.running === current) this.running = undefined;
    });
    const userAgent = await browserUserAgent(browser);
    this.logger?.info(
      { version: browser.version(), ms: Date.now() - started },
      'challenge solver browser started',
    );
    return { browser, userAgent, generation };
  }
}

async function browserUserAgent(browser: Browser): Promise<string> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { userAgent } = await session.send('Browser.getVersion');
    return userAgent.replace('HeadlessChrome/', 'Chrome/');
  } finally {
    await session.detach();
  }
}
