// Runs the DownloadClient compliance suite against a real transmission-daemon with RPC auth on.
import { TransmissionClient } from '../../src/downloads/clients/transmission/transmission.client.js';
import { startTransmission } from '../support/transmission.js';
import { describeDownloadClientCompliance } from './download-client.compliance.js';

describeDownloadClientCompliance('Transmission', async () => {
  const daemon = await startTransmission({
    credentials: { username: 'omniarr', password: 'correct horse battery' },
  });
  const settings = { url: daemon.url, username: daemon.username, password: daemon.password, timeoutMs: 5000 };
  return {
    client: new TransmissionClient(settings),
    clientWith: (overrides) => new TransmissionClient({ ...settings, ...overrides }),
    url: daemon.url,
    wrongPathFailure: 'invalid_response',
    downloadDir: daemon.downloadDir,
    // Transmission has no "add peer" call and does not reach a qBittorrent seeder itself: the seeder dials.
    connect: (seeder, infoHash) => seeder.connectTo(infoHash, daemon.peerPort),
    stopDaemon: () => daemon.pause(),
    startDaemon: () => daemon.start(),
    teardown: () => daemon.stop(),
  };
});
