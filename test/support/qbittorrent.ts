// Starts a real, throw-away qbittorrent-nox (Debian's 4.5.x) in a temp profile dir, WebUI and peer
// port on free loopback ports. DHT, local peer discovery, PeX and UPnP are off and the session is
// bound to 127.0.0.1, so no packet leaves the machine; peers are connected by hand (addPeers).
import { spawn, type ChildProcess } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export interface QbittorrentOptions {
  /** When set, the WebUI requires this login (also from localhost). */
  credentials?: { username: string; password: string };
}

export interface QbittorrentDaemon {
  url: string;
  username: string;
  password: string;
  webUiPort: number;
  peerPort: number;
  /** The default save path. */
  downloadDir: string;
  /** Calls the WebUI API directly (logged in when needed), for test set-up the adapter does not offer. */
  api(endpoint: string, form?: Record<string, string>): Promise<string>;
  /** Tells this client to connect to a peer, e.g. `127.0.0.1:PORT`. */
  addPeer(infoHash: string, peer: string): Promise<void>;
  /** Stops the process but keeps its profile, so start() brings the same client back. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `WebUI\Password_PBKDF2` as qBittorrent 4.2+ stores it: PBKDF2-HMAC-SHA512, 100000 rounds. */
export function qbittorrentPasswordHash(password: string): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, 100_000, 64, 'sha512');
  return `@ByteArray(${salt.toString('base64')}:${key.toString('base64')})`;
}

export async function startQbittorrent(options: QbittorrentOptions = {}): Promise<QbittorrentDaemon> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'omniarr-qbt-'));
  const downloadDir = path.join(profileDir, 'downloads');
  const configDir = path.join(profileDir, 'qBittorrent', 'config');
  mkdirSync(downloadDir, { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const webUiPort = await freePort();
  const peerPort = await freePort();
  const { username = 'admin', password = '' } = options.credentials ?? {};
  const lines = [
    '[LegalNotice]',
    'Accepted=true',
    '',
    '[BitTorrent]',
    `Session\\Port=${peerPort}`,
    'Session\\Interface=lo',
    'Session\\InterfaceName=lo',
    'Session\\InterfaceAddress=127.0.0.1',
    'Session\\DHTEnabled=false',
    'Session\\LSDEnabled=false',
    'Session\\PeXEnabled=false',
    'Session\\AddTrackersEnabled=false',
    'Session\\MultiConnectionsPerIp=true',
    'Session\\QueueingSystemEnabled=false',
    `Session\\DefaultSavePath=${downloadDir}`,
    'Session\\TempPathEnabled=false',
    'Session\\Encryption=0',
    // TCP only: libtorrent dials uTP first, and a peer without uTP (our Transmission) never answers.
    'Session\\BTProtocol=TCP',
    '',
    '[Preferences]',
    `WebUI\\Port=${webUiPort}`,
    'WebUI\\Address=127.0.0.1',
    'WebUI\\UPnP=false',
    'WebUI\\HostHeaderValidation=false',
    'WebUI\\CSRFProtection=false',
    `WebUI\\LocalHostAuth=${options.credentials ? 'true' : 'false'}`,
    `WebUI\\Username=${username}`,
    ...(options.credentials ? [`WebUI\\Password_PBKDF2="${qbittorrentPasswordHash(password)}"`] : []),
    `Connection\\PortRangeMin=${peerPort}`,
    'Connection\\UPnP=false',
    'General\\UseRandomPort=false',
    `Downloads\\SavePath=${downloadDir}`,
    '',
  ];
  writeFileSync(path.join(configDir, 'qBittorrent.conf'), lines.join('\n'));
  const url = `http://127.0.0.1:${webUiPort}`;
  let child: ChildProcess | undefined;
  let cookie = '';

  async function api(endpoint: string, form?: Record<string, string>): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${url}/api/v2/${endpoint}`, {
        method: form ? 'POST' : 'GET',
        headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(5000),
      });
      const body = await response.text();
      if (response.status !== 403 || !options.credentials || attempt > 0) {
        if (!response.ok) throw new Error(`qBittorrent ${endpoint}: HTTP ${response.status} ${body}`);
        return body;
      }
      const login = await fetch(`${url}/api/v2/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
        signal: AbortSignal.timeout(5000),
      });
      cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    }
    throw new Error('unreachable');
  }

  async function start(): Promise<void> {
    const spawned = spawn('qbittorrent-nox', [`--profile=${profileDir}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HOME: profileDir, XDG_CONFIG_HOME: profileDir, XDG_DATA_HOME: profileDir },
    });
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      spawned.once('exit', (code) => reject(new Error(`qbittorrent-nox exited (${code}): ${stderr}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const ready = await Promise.race([
        fetch(`${url}/api/v2/app/version`, { signal: AbortSignal.timeout(1000) }).then(
          (response) => response.status === 200 || response.status === 403,
          () => false,
        ),
        exited,
      ]);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`qbittorrent-nox did not open its WebUI on ${url}: ${stderr}`);
  }

  async function pause(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    url,
    username,
    password,
    webUiPort,
    peerPort,
    downloadDir,
    api,
    async addPeer(infoHash, peer) {
      await api('torrents/addPeers', { hashes: infoHash, peers: peer });
    },
    pause,
    start,
    async stop() {
      await pause();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
