// Owns reading the process tree from /proc (Linux): which processes descend from ours and how much
// resident memory they hold. Chromium runs as a dozen processes, so the solver's real cost is the
// sum over the tree, not Node's own RSS; the solver's health and its benchmark both read it here.
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  /** The executable's short name as the kernel keeps it (15 characters at most). */
  command: string;
  rssBytes: number;
}

/**
 * Proportional set size: each shared page divided among the processes sharing it. Chromium's
 * processes share much of their memory, so summing RSS over them counts it several times; the PSS
 * sum is what the tree really occupies. Undefined where the kernel does not offer it.
 */
export async function pssBytes(pid: number): Promise<number | undefined> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s*(\d+)/m.exec(rollup)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim();
    const rssKb = Number.parseInt(field('VmRSS') ?? '0', 10);
    return {
      pid,
      parentPid: Number.parseInt(field('PPid') ?? '0', 10),
      command: field('Name') ?? '',
      rssBytes: (Number.isFinite(rssKb) ? rssKb : 0) * 1024,
    };
  } catch {
    // The process exited between listing /proc and reading it.
    return undefined;
  }
}

/** Every live process below `rootPid` (not including it). Empty where /proc does not exist. */
export async function descendantsOf(rootPid: number): Promise<ProcessInfo[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const all = await Promise.all(
    entries.filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))),
  );
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) {
    if (!info) continue;
    const siblings = children.get(info.parentPid) ?? [];
    siblings.push(info);
    children.set(info.parentPid, siblings);
  }
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Resident memory of a process and all its descendants, in bytes. */
export async function processTreeRss(rootPid: number): Promise<number> {
  const [root, descendants] = await Promise.all([readProcess(rootPid), descendantsOf(rootPid)]);
  return (root?.rssBytes ?? 0) + descendants.reduce((sum, info) => sum + info.rssBytes, 0);
}

/** PSS of a process and all its descendants, in bytes (RSS where PSS cannot be read). */
export async function processTreePss(rootPid: number): Promise<number> {
  const root = await readProcess(rootPid);
  const tree = [...(root ? [root] : []), ...(await descendantsOf(rootPid))];
  const sizes = await Promise.all(tree.map(async (info) => (await pssBytes(info.pid)) ?? info.rssBytes));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Chromium processes started by us (the browser and its renderers, GPU and utility processes). */
export async function chromiumProcessesOf(rootPid: number): Promise<ProcessInfo[]> {
  return (await descendantsOf(rootPid)).filter((info) => info.command.startsWith('chrom'));
}
