// Owns the one credential form Omniarr sends Jellyfin: `Authorization: MediaBrowser Client="…",
// Device="…", DeviceId="…", Version="…", Token="…"`. Jellyfin 12 no longer reads the legacy forms
// (X-Emby-Token, X-Emby-Authorization, api_key), and keys in query strings end up in proxy logs.
// Jellyfin URL-decodes each value, so values are URL-encoded: a quote or comma in a device name
// cannot break the header.

export interface JellyfinClientIdentity {
  client: string;
  device: string;
  deviceId: string;
  version: string;
}

export function jellyfinAuthorization(identity: JellyfinClientIdentity, token?: string): string {
  const fields: [string, string][] = [
    ['Client', identity.client],
    ['Device', identity.device],
    ['DeviceId', identity.deviceId],
    ['Version', identity.version],
  ];
  if (token) fields.push(['Token', token]);
  return `MediaBrowser ${fields.map(([name, value]) => `${name}="${encodeURIComponent(value)}"`).join(', ')}`;
}
