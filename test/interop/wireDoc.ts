/**
 * Reads the tables of docs/wire-format.md so WireFormat.test.ts can check every documented byte
 * string: the rows of each table with a "Packet call" column, their call parsed into a method name
 * and a value, their bytes as lower-case hex.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The markdown, found from dist/test/interop/ or test/interop/ alike. */
export const WIRE_FORMAT_DOC = fileURLToPath(new URL('../../../docs/wire-format.md', import.meta.url));

/** One documented example: the section it is in, the Packet call, and the bytes. */
export interface DocRow {
  readonly section: string;
  readonly transport: string | undefined;
  readonly method: string;
  readonly value: unknown;
  readonly call: string;
  readonly hex: string;
}

const stripTicks = (cell: string): string => cell.trim().replace(/^`(.*)`$/, '$1');

/** A value literal as the doc writes it: a number, `-0`, `NaN`, `±Infinity`, a bigint (`5n`), a boolean or a JSON string. */
export function parseLiteral(text: string): unknown {
  if (/^-?\d+n$/.test(text)) return BigInt(text.slice(0, -1));
  const special: Record<string, unknown> = { NaN, Infinity, '-Infinity': -Infinity, true: true, false: false };
  if (text in special) return special[text];
  return JSON.parse(text) as unknown;
}

function rowOf(section: string, header: readonly string[], cells: readonly string[]): DocRow {
  const cell = (name: string): string | undefined => {
    const index = header.indexOf(name);
    return index < 0 ? undefined : stripTicks(cells[index] ?? '');
  };
  const call = cell('Packet call') ?? '';
  const match = /^(\w+)\((.*)\)$/.exec(call);
  if (match === null) throw new Error(`${WIRE_FORMAT_DOC}: cannot parse the call ${call}`);
  const hex = (cell('Bytes (hex)') ?? cell('Bytes on the wire (hex)') ?? '').replace(/ /g, '');
  return { section, transport: cell('Transport'), method: match[1] ?? '', value: parseLiteral(match[2] ?? ''), call, hex };
}

/** Every row of every table with a "Packet call" column, in document order. */
export function docRows(markdown = readFileSync(WIRE_FORMAT_DOC, 'utf8')): DocRow[] {
  const rows: DocRow[] = [];
  let section = '';
  let header: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const cells = line.slice(1, line.lastIndexOf('|')).split('|').map((text) => text.trim());
    if (header === null) header = cells.includes('Packet call') ? cells : [];
    else if (header.length > 0 && !/^-+$/.test(cells[0] ?? '')) rows.push(rowOf(section, header, cells));
  }
  return rows;
}
