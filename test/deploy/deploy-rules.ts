// Omniarr's deployment rules, shared by the manifest checks and their own tests: which container may
// run as root and why, what shares the media volume, and the config variables Omniarr reads.
import { envVariables } from '../../src/config/env.js';
import type { DataVolumeRule, EnvVariableSpec, OmniarrTarget, RootException } from './manifest-invariants.js';

export const rootExceptions: readonly RootException[] = [
  {
    workload: 'Deployment/qbittorrent',
    container: 'gluetun',
    capabilities: ['NET_ADMIN'],
    reason: 'creates the WireGuard interface, routes and kill-switch firewall for the pod',
  },
];

export const dataVolumeRule: DataVolumeRule = {
  claim: 'omniarr-data',
  mountPath: '/data',
  // Omniarr itself (not its solver image) and the download clients.
  mediaImages: /(^|\/)omniarr:|qbittorrent|transmission|deluge|sabnzbd|nzbget/,
};

export const omniarrTarget: OmniarrTarget = { workload: 'Deployment/omniarr', container: 'omniarr' };

export const omniarrVariables: Readonly<Record<string, EnvVariableSpec>> = envVariables;

/** Omniarr's secret variables: never literal values in a manifest. */
export const secretEnvNames: readonly string[] = Object.entries(envVariables)
  .filter(([, spec]) => spec.secret)
  .map(([name]) => name);
