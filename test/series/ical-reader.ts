// A strict iCalendar (RFC 5545) reader for tests, written from the RFC rather than from our writer:
// it refuses what a lenient calendar app would forgive (bare LF, lines over 75 octets, invalid UTF-8,
// control characters, unknown escapes, unescaped separators in single TEXT values, unbalanced
// components, malformed dates), so a feed that reads back here reads anywhere.

export interface ICalProperty {
  name: string;
  params: Record<string, string>;
  /** The raw value, still escaped. */
  value: string;
}

export interface ICalComponent {
  name: string;
  properties: ICalProperty[];
  components: ICalComponent[];
}

export type ICalTime = { kind: 'date'; date: string } | { kind: 'utc'; at: number };

export interface ICalEvent {
  uid: string;
  dtstamp: number;
  start: ICalTime;
  end: ICalTime | null;
  summary: string;
  description: string | null;
  categories: string[];
}

const MAX_OCTETS = 75;
const NAME = /^[A-Za-z0-9-]+$/;

/** Physical lines to content lines, checking line ends, length and encoding. */
export function unfold(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (!text.endsWith('\r\n')) throw new Error('the stream must end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  const lines: string[] = [];
  physical.forEach((line, index) => {
    if (/[\r\n]/.test(line)) throw new Error(`line ${index + 1}: bare CR or LF`);
    const octets = Buffer.byteLength(line);
    if (octets > MAX_OCTETS) throw new Error(`line ${index + 1}: ${octets} octets, more than 75`);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('the first line cannot be a continuation');
      lines[lines.length - 1] += line.slice(1);
    } else {
      lines.push(line);
    }
  });
  return lines;
}

export function parseContentLine(line: string): ICalProperty {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new Error(`no ":" in ${JSON.stringify(line)}`);
  const [name, ...rawParams] = line.slice(0, colon).split(';');
  if (!name || !NAME.test(name)) throw new Error(`bad property name in ${JSON.stringify(line)}`);
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const match = /^([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)$/.exec(raw);
    if (!match) throw new Error(`bad parameter ${JSON.stringify(raw)}`);
    params[match[1]!.toUpperCase()] = match[2]!.replace(/^"|"$/g, '');
  }
  const value = line.slice(colon + 1);
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new Error(`control character in ${name}`);
  return { name: name.toUpperCase(), params, value };
}

export function parseCalendar(bytes: Uint8Array): ICalComponent {
  const stack: ICalComponent[] = [];
  let root: ICalComponent | undefined;
  for (const line of unfold(bytes)) {
    const property = parseContentLine(line);
    if (property.name === 'BEGIN') {
      const component = { name: property.value.toUpperCase(), properties: [], components: [] };
      if (stack.length === 0) {
        if (root) throw new Error('more than one top-level component');
        root = component;
      } else {
        stack[stack.length - 1]!.components.push(component);
      }
      stack.push(component);
    } else if (property.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== property.value.toUpperCase())
        throw new Error(`END:${property.value} does not close ${open?.name ?? 'anything'}`);
    } else {
      const open = stack[stack.length - 1];
      if (!open) throw new Error(`${property.name} outside any component`);
      open.properties.push(property);
    }
  }
  if (stack.length > 0) throw new Error(`${stack[stack.length - 1]!.name} is never closed`);
  if (!root || root.name !== 'VCALENDAR') throw new Error('not a VCALENDAR');
  return root;
}

/** TEXT values separated by unescaped commas, unescaped. */
export function textList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const character = value[i]!;
    if (character === '\\') {
      const next = value[i + 1];
      if (next === 'n' || next === 'N') current += '\n';
      else if (next === '\\' || next === ';' || next === ',') current += next;
      else throw new Error(`unknown escape \\${next ?? ''} in ${JSON.stringify(value)}`);
      i += 1;
    } else if (character === ',') {
      items.push(current);
      current = '';
    } else if (character === ';') {
      throw new Error(`unescaped ";" in ${JSON.stringify(value)}`);
    } else {
      current += character;
    }
  }
  items.push(current);
  return items;
}

/** One TEXT value: an unescaped comma is a list, which single-valued properties must not be. */
export function text(value: string): string {
  const items = textList(value);
  if (items.length !== 1) throw new Error(`unescaped "," in ${JSON.stringify(value)}`);
  return items[0]!;
}

function time(property: ICalProperty): ICalTime {
  if (property.params.VALUE === 'DATE') {
    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(property.value);
    if (!match) throw new Error(`${property.name}: not a DATE: ${property.value}`);
    return { kind: 'date', date: `${match[1]}-${match[2]}-${match[3]}` };
  }
  if (property.params.VALUE !== undefined && property.params.VALUE !== 'DATE-TIME')
    throw new Error(`${property.name}: VALUE=${property.params.VALUE}`);
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(property.value);
  if (!match) throw new Error(`${property.name}: not a UTC DATE-TIME: ${property.value}`);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1).map(Number);
  const at = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(at);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60)
    throw new Error(`${property.name}: no such time ${property.value}`);
  return { kind: 'utc', at };
}

export function instantOf(time: ICalTime): number {
  return time.kind === 'date' ? Date.parse(`${time.date}T00:00:00Z`) : time.at;
}

function single(component: ICalComponent, name: string): ICalProperty | undefined {
  const found = component.properties.filter((property) => property.name === name);
  if (found.length > 1) throw new Error(`${component.name} has ${found.length} ${name}`);
  return found[0];
}

function required(component: ICalComponent, name: string): ICalProperty {
  const found = single(component, name);
  if (!found) throw new Error(`${component.name} has no ${name}`);
  return found;
}

/** The calendar's events, checked: required properties once, DTEND after DTSTART and of its kind. */
export function readEvents(bytes: Uint8Array): { calendar: ICalComponent; events: ICalEvent[] } {
  const calendar = parseCalendar(bytes);
  if (required(calendar, 'VERSION').value !== '2.0') throw new Error('VERSION is not 2.0');
  required(calendar, 'PRODID');
  const events = calendar.components
    .filter((component) => component.name === 'VEVENT')
    .map((component) => {
      const start = time(required(component, 'DTSTART'));
      const endProperty = single(component, 'DTEND');
      const end = endProperty ? time(endProperty) : null;
      if (end) {
        if (end.kind !== start.kind) throw new Error('DTEND and DTSTART of different kinds');
        if (instantOf(end) <= instantOf(start)) throw new Error('DTEND is not after DTSTART');
      }
      const stamp = time(required(component, 'DTSTAMP'));
      if (stamp.kind !== 'utc') throw new Error('DTSTAMP must be a UTC DATE-TIME');
      const description = single(component, 'DESCRIPTION');
      return {
        uid: text(required(component, 'UID').value),
        dtstamp: stamp.at,
        start,
        end,
        summary: text(required(component, 'SUMMARY').value),
        description: description ? text(description.value) : null,
        categories: component.properties
          .filter((property) => property.name === 'CATEGORIES')
          .flatMap((property) => textList(property.value)),
      };
    });
  return { calendar, events };
}
