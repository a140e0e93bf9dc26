// Reads the Dockerfile into stages and instructions, enough for the image checks (no Docker here).
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARG lines before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Joins continuation lines, drops comments, splits into stages at each FROM. */
export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Docker skips comment and empty lines, also inside a continued instruction.
    if (line.startsWith('#') || line === '') continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const result: Dockerfile = { globalArgs: {}, stages: [] };
  for (const line of logical.filter((candidate) => candidate !== '')) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`cannot read FROM ${args}`);
      result.stages.push({
        from: match[1] ?? '',
        name: match[2] ?? String(result.stages.length),
        instructions: [],
      });
    } else if (result.stages.length === 0) {
      if (upper !== 'ARG') throw new Error(`${upper} before the first FROM`);
      const [name = '', value = ''] = args.split('=');
      result.globalArgs[name] = value;
    } else {
      result.stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return result;
}

/** `KEY=value KEY2=value2` of an ENV instruction (values without spaces, as ours are). */
export function envPairs(args: string): [string, string][] {
  return args
    .split(/\s+/)
    .filter((pair) => pair.includes('='))
    .map((pair) => {
      const index = pair.indexOf('=');
      return [pair.slice(0, index), pair.slice(index + 1)];
    });
}

/** The effective value of the last instruction of a kind in a stage or the stages it builds on. */
export function lastOf(file: Dockerfile, stageName: string, keyword: string): string | undefined {
  const stage = file.stages.find((candidate) => candidate.name === stageName);
  if (!stage) return undefined;
  const own = stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  if (own) return own.args;
  return file.stages.some((candidate) => candidate.name === stage.from)
    ? lastOf(file, stage.from, keyword)
    : undefined;
}
