// Starts a real, throw-away transmission-daemon (Debian's 3.00) in a temp config dir, RPC and peer
// port on free loopback ports. DHT, LPD, PeX and port forwarding are off and it binds 127.0.0.1, so
// nothing leaves the machine. Transmission has no "add peer" call: a seeder dials its peer port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export interface TransmissionOptions {
  /** When set, RPC requires HTTP basic auth with these credentials. */
  credentials?: { username: string; password: string };
}

export interface TransmissionDaemon {
  url: string;
  username: string;
  password: string;
  rpcPort: number;
  peerPort: number;
  downloadDir: string;
  /** Stops the process but keeps its config, so start() brings the same daemon back. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTransmission(options: TransmissionOptions = {}): Promise<TransmissionDaemon> {
  const configDir = mkdtempSync(path.join(tmpdir(), 'omniarr-tr-'));
  const downloadDir = path.join(configDir, 'downloads');
  mkdirSync(downloadDir, { recursive: true });
  const rpcPort = await freePort();
  const peerPort = await freePort();
  const { username = '', password = '' } = options.credentials ?? {};
  const settings = {
    'rpc-enabled': true,
    'rpc-bind-address': '127.0.0.1',
    'rpc-port': rpcPort,
    'rpc-whitelist-enabled': true,
    'rpc-whitelist': '127.0.0.1',
    'rpc-host-whitelist-enabled': false,
    'rpc-authentication-required': Boolean(options.credentials),
    'rpc-username': username,
    // Transmission hashes a plain-text password when it loads the file.
    'rpc-password': password,
    'peer-port': peerPort,
    'peer-port-random-on-start': false,
    'port-forwarding-enabled': false,
    'bind-address-ipv4': '127.0.0.1',
    'bind-address-ipv6': '::1',
    'dht-enabled': false,
    'lpd-enabled': false,
    'pex-enabled': false,
    'utp-enabled': false,
    encryption: 1,
    'download-dir': downloadDir,
    'incomplete-dir-enabled': false,
    'watch-dir-enabled': false,
    'blocklist-enabled': false,
    'start-added-torrents': true,
    'download-queue-enabled': false,
    'seed-queue-enabled': false,
    'ratio-limit-enabled': false,
    'idle-seeding-limit-enabled': false,
    'message-level': 1,
  };
  writeFileSync(path.join(configDir, 'settings.json'), JSON.stringify(settings, null, 2));
  const url = `http://127.0.0.1:${rpcPort}`;
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const spawned = spawn(
      'transmission-daemon',
      ['-f', '-g', configDir, '-p', String(rpcPort), '-P', String(peerPort)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      spawned.once('exit', (code) => reject(new Error(`transmission-daemon exited (${code}): ${stderr}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      // Any HTTP answer (409 asks for the session id, 401 for credentials) means RPC is up.
      const ready = await Promise.race([
        fetch(`${url}/transmission/rpc`, { method: 'POST', signal: AbortSignal.timeout(1000) }).then(
          (response) => [409, 401, 200].includes(response.status),
          () => false,
        ),
        exited,
      ]);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`transmission-daemon did not open RPC on ${url}: ${stderr}`);
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
    rpcPort,
    peerPort,
    downloadDir,
    pause,
    start,
    async stop() {
      await pause();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
