import { describe, expect, it } from 'vitest';
import type { DownloadClientFailure } from './download-client.js';
import { toDownloadClientError } from './download-client-errors.js';

function refused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });
}

describe('toDownloadClientError', () => {
  it.each<[string, unknown, DownloadClientFailure, RegExp]>([
    ['a refused connection', refused(), 'unreachable', /cannot reach http:\/\/h:1: connection refused/],
    [
      'a refused connection wrapped by ofetch',
      new Error('[GET] <no response>', { cause: refused() }),
      'unreachable',
      /refused/,
    ],
    [
      'a timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'timeout',
      /within 500 ms/,
    ],
    [
      'HTTP 403',
      Object.assign(new Error('403'), { statusCode: 403, data: 'Forbidden' }),
      'unauthorized',
      /credentials.*Forbidden/,
    ],
    ['HTTP 401', Object.assign(new Error('401'), { status: 401 }), 'unauthorized', /username and password/],
    [
      'HTTP 404',
      Object.assign(new Error('404'), { statusCode: 404 }),
      'rejected',
      /no qBittorrent API at http:\/\/h:1.*URL/,
    ],
    [
      'HTTP 500',
      Object.assign(new Error('500'), { statusCode: 500, data: { error: 'boom' } }),
      'rejected',
      /HTTP 500: \{"error":"boom"\}/,
    ],
    ['a failed login', new Error('Cookie not found. Auth Failed.'), 'unauthorized', /refused the login/],
    ['a refused torrent', new Error('Failed to add torrent'), 'rejected', /refused the torrent/],
    ['anything else', new Error('odd'), 'rejected', /read the version failed: odd/],
  ])('maps %s', (_, error, reason, message) => {
    const mapped = toDownloadClientError('qBittorrent', 'http://h:1', 'read the version', 500, error);
    expect(mapped.reason).toBe(reason);
    expect(mapped.message).toMatch(/^qBittorrent: /);
    expect(mapped.message).toMatch(message);
    expect(mapped.code).toBe('upstream_error');
  });
});
