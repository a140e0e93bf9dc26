// The library's disks in /api/v1/health: every root folder reachable (an NFS mount that dropped shows
// here), and each one's free space reported to whoever measures it (the metric the low-space alert reads).
import type { HealthCheck } from '../health/health-registry.js';
import type { RootFolderService } from './root-folder.service.js';

export function rootFoldersCheck(
  rootFolders: Pick<RootFolderService, 'list'>,
  onFreeSpace: (path: string, bytes: number) => void = () => undefined,
): HealthCheck {
  return async () => {
    const roots = await rootFolders.list();
    if (roots.length === 0)
      return { status: 'warning', message: 'no root folder: the library has nowhere to go' };
    const problems: string[] = [];
    for (const root of roots) {
      if (!root.accessible || root.freeSpace === null) problems.push(`${root.path} is not reachable`);
      else onFreeSpace(root.path, root.freeSpace);
    }
    return problems.length > 0
      ? { status: 'warning', message: problems.join('; ') }
      : { status: 'ok', message: `${roots.length} root folder(s) reachable` };
  };
}
