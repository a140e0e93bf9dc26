import { describe, expect, it } from 'vitest';
import { transmissionEndpoint } from './download-client.service.js';

describe('transmissionEndpoint', () => {
  it.each([
    ['http://nas:9091', 'http://nas:9091', '/transmission/rpc'],
    ['http://nas:9091/', 'http://nas:9091', '/transmission/rpc'],
    ['http://nas:9091/transmission', 'http://nas:9091', '/transmission/rpc'],
    ['http://nas:9091/transmission/', 'http://nas:9091', '/transmission/rpc'],
    ['http://nas:9091/transmission/rpc', 'http://nas:9091', '/transmission/rpc'],
    ['https://proxy.lan/torrents/transmission/rpc/', 'https://proxy.lan', '/torrents/transmission/rpc'],
    ['https://proxy.lan/tr', 'https://proxy.lan', '/tr/rpc'],
  ])('%s → %s%s', (input, url, rpcPath) => {
    expect(transmissionEndpoint(input)).toEqual({ url, rpcPath });
  });
});
