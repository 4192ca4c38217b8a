/**
 * Reading callgrind's counts: instructions per function from `callgrind_annotate`, JIT-compiled
 * JavaScript named through Node's `--perf-basic-prof` map, and the cost of one packet as the
 * difference between a short and a long run of the same server.
 *
 * @module
 */

/** Instructions per function (callgrind's "file:function [object]" names, or the JS name). */
export type Counts = ReadonlyMap<string, number>;

/**
 * Functions whose work falls inside a measured window once rather than per packet: V8's
 * optimizing compiler, its major (mark-compact) collector, and module loading (a program's last
 * lines may import what its first did not).
 */
const ONE_OFF = [/v8::internal::compiler::/, /Marking|MarkCompact|Sweeper|ConcurrentMarking/, /cjs-module-lexer|lexer:|modules\/|url:\d/];

/**
 * Parses the per-function lines of `callgrind_annotate` output (`  1,234 (0.05%)  file:fn [obj]`).
 *
 * @example
 * ```ts
 * parseAnnotate('  1,200 ( 0.1%)  ???:Builtins_RunMicrotasks [/usr/bin/node]').get('???:Builtins_RunMicrotasks [/usr/bin/node]'); // 1200
 * ```
 */
export function parseAnnotate(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*:.*)$/.exec(line);
    if (match === null) continue;
    const name = (match[2] as string).trim();
    counts.set(name, (counts.get(name) ?? 0) + Number((match[1] as string).replaceAll(',', '')));
  }
  return counts;
}

/** One entry of a perf map: code from `start` for `size` bytes is the function `name`. */
interface MapEntry {
  readonly start: number;
  readonly size: number;
  readonly name: string;
}

/**
 * Renames callgrind's anonymous JIT addresses (`???:0x…`) after the functions of a perf map
 * (`/tmp/perf-<pid>.map`, lines `<hex start> <hex size> <name>`), as `JS <name>`, with the
 * compiled program's path shortened; counts that land on the same name are added up.
 *
 * @example
 * ```ts
 * nameJit(new Map([['???:0x10 [???]', 5]]), '10 20 JS:*receive file:///x/dist/src/tcp/TcpReader.js:46:12', '/x/dist/');
 * // Map { 'JS receive src/tcp/TcpReader.js:46:12' => 5 }
 * ```
 */
export function nameJit(counts: Counts, perfMap: string, root: string): Map<string, number> {
  const entries: MapEntry[] = [];
  for (const line of perfMap.split('\n')) {
    const [start, size, ...name] = line.split(' ');
    if (start === undefined || size === undefined || name.length === 0) continue;
    entries.push({ start: Number.parseInt(start, 16), size: Number.parseInt(size, 16), name: name.join(' ') });
  }
  entries.sort((a, b) => a.start - b.start);
  const named = new Map<string, number>();
  for (const [symbol, count] of counts) {
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(symbol);
    const entry = address === null ? undefined : entryAt(entries, Number.parseInt(address[1] as string, 16));
    const name = entry === undefined ? symbol : `JS ${entry.name.replace(/^(JS|LazyCompile|Function):[*~^+]?/, '').replaceAll(`file://${root}`, '').replaceAll('node:internal/', '')}`;
    named.set(name, (named.get(name) ?? 0) + count);
  }
  return named;
}

/** The entry whose code holds `address` (binary search over entries sorted by start). */
function entryAt(entries: readonly MapEntry[], address: number): MapEntry | undefined {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = entries[middle] as MapEntry;
    if (address < entry.start) high = middle - 1;
    else if (address >= entry.start + entry.size) low = middle + 1;
    else return entry;
  }
  return undefined;
}

/** Instructions per packet: what the long run counted beyond the short one, over the packets between them. */
export interface PerPacket {
  /** Every instruction. */
  readonly all: number;
  /** Without the one-off work of the compiler, the major collector and module loading. */
  readonly steady: number;
  /** Per function (steady functions only). */
  readonly functions: Map<string, number>;
}

/**
 * The cost of one packet: `(long - short) / packets`, per function and in total.
 *
 * @example
 * ```ts
 * perPacket(new Map([['f', 100]]), new Map([['f', 1100]]), 10).steady; // 100
 * ```
 */
export function perPacket(short: Counts, long: Counts, packets: number): PerPacket {
  const functions = new Map<string, number>();
  let all = 0;
  let steady = 0;
  for (const name of new Set([...short.keys(), ...long.keys()])) {
    const each = ((long.get(name) ?? 0) - (short.get(name) ?? 0)) / packets;
    all += each;
    if (ONE_OFF.some((pattern) => pattern.test(name))) continue;
    steady += each;
    functions.set(name, each);
  }
  return { all, steady, functions };
}

/**
 * The functions where `next` spends the most more than `base` per packet (and the most less),
 * `count` of each, as `[name, base, next]`.
 *
 * @example
 * ```ts
 * largestDifferences(new Map([['f', 1]]), new Map([['f', 3]]), 1).more; // [['f', 1, 3]]
 * ```
 */
export function largestDifferences(
  base: ReadonlyMap<string, number>,
  next: ReadonlyMap<string, number>,
  count: number,
): { more: Array<[string, number, number]>; less: Array<[string, number, number]> } {
  const rows = [...new Set([...base.keys(), ...next.keys()])].map((name): [string, number, number] => [name, base.get(name) ?? 0, next.get(name) ?? 0]);
  rows.sort((a, b) => b[2] - b[1] - (a[2] - a[1]));
  return { more: rows.slice(0, count).filter(([, a, b]) => b > a), less: rows.slice(-count).reverse().filter(([, a, b]) => b < a) };
}
