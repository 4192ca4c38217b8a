import { bigintError, integerError, wrongType } from './argumentErrors.js';
import { KINDS, type KindCode } from './layoutKinds.js';
import { Packet, claimBytes, reserveBytes, storageView } from './Packet.js';

/**
 * The kind of one {@link PacketLayout} field, named after the {@link Packet} methods whose bytes
 * it writes and reads: `'uint32'` is `writeUint32` / `readUint32`, `'float'` is `writeFloat`
 * (SFML's little-endian float), `'floatBE'` is Java's, `'string'` is SFML's `std::string`,
 * `'utf'` is Java's `writeUTF`.
 *
 * @example
 * ```ts
 * const kind: FieldKind = 'uint16';
 * ```
 */
export type FieldKind =
  | 'bool'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double'
  | 'floatBE'
  | 'doubleBE'
  | 'string'
  | 'wideString'
  | 'sfString'
  | 'utf';

/**
 * The fields of a {@link PacketLayout}, in wire order: field name to {@link FieldKind}.
 *
 * @example
 * ```ts
 * const fields = { id: 'uint32', name: 'string' } satisfies LayoutFields;
 * ```
 */
export type LayoutFields = Readonly<Record<string, FieldKind>>;

/**
 * The code of every kind. The type makes the table and {@link FieldKind} list the same kinds: a
 * kind without code fails the first half, code for a kind not in the union the second.
 */
const CODES: Readonly<Record<FieldKind, KindCode>> & Readonly<Record<Exclude<keyof typeof KINDS, FieldKind>, never>> = KINDS;

/**
 * The JavaScript type a {@link FieldKind} holds: `bigint` for the 64-bit integers, `boolean` for
 * `'bool'`, `string` for the strings, `number` otherwise.
 *
 * @example
 * ```ts
 * const id: FieldValue<'uint64'> = 1n;
 * ```
 */
export type FieldValue<K extends FieldKind> = K extends 'int64' | 'uint64'
  ? bigint
  : K extends 'bool'
    ? boolean
    : K extends 'string' | 'wideString' | 'sfString' | 'utf'
      ? string
      : number;

/**
 * The message a {@link PacketLayout} writes and reads: one property per field.
 *
 * @example
 * ```ts
 * const hello: LayoutMessage<{ id: 'uint32'; name: 'string' }> = { id: 1, name: 'ann' };
 * ```
 */
export type LayoutMessage<F extends LayoutFields> = { -readonly [N in keyof F]: FieldValue<F[N]> };

const HELPERS = { claimBytes, reserveBytes, storageView, integerError, bigintError, wrongType, Packet };

/**
 * A message's fields and their kinds, declared once and compiled into one writer and one reader
 * that put exactly the bytes of the matching {@link Packet} calls — so a layout talks to SFML's
 * `packet << id << x` and Java's `DataOutputStream` as the calls do — at the speed of hand-written
 * `DataView` code (each run of fixed-size fields is one bounds check and constant offsets).
 *
 * @remarks
 * Fields go on the wire in the order the object lists them. Names that are array indices
 * (`'0'`, `'1'`) are refused, since JavaScript lists them first whatever order they were written
 * in; so is `__proto__`. Writing checks every value first (the same checks and errors as the
 * `Packet` methods) and throws before writing anything. Reading a packet too short for a run of
 * fixed fields falls back to reading field by field, so the packet fails at exactly the field a
 * sequence of `Packet` reads would, and the fields not read are 0, `0n`, `false` or `''`:
 * check {@link Packet.isValid} afterwards, as with any read.
 * @example
 * ```ts
 * const Move = new PacketLayout({ id: 'uint32', x: 'float', y: 'float', name: 'string' });
 * const packet = new Packet();
 * Move.write(packet, { id: 7, x: 1.5, y: -2, name: 'ann' });
 * // the same bytes as packet.writeUint32(7).writeFloat(1.5).writeFloat(-2).writeString('ann')
 * const move = Move.read(packet);
 * if (packet.isValid()) console.log(move.id, move.x, move.name);
 * ```
 */
export class PacketLayout<F extends LayoutFields> {
  /**
   * The fields, as given to the constructor (frozen).
   *
   * @example
   * ```ts
   * Object.keys(new PacketLayout({ id: 'uint32', hp: 'uint8' }).fields); // ['id', 'hp']
   * ```
   */
  readonly fields: Readonly<F>;

  /**
   * Bytes the layout puts on the wire, not counting strings' characters (a string counts its
   * 4-byte count, a `'utf'` its 2-byte count).
   *
   * @example
   * ```ts
   * new PacketLayout({ id: 'uint32', name: 'string' }).fixedSize; // 8
   * ```
   */
  readonly fixedSize: number;

  /**
   * Declares a layout.
   *
   * @param fields - field name to kind, in wire order.
   * @throws TypeError when a kind is unknown or a name is an array index or `__proto__`.
   * @example
   * ```ts
   * const Hello = new PacketLayout({ version: 'uint16', name: 'utf' }); // Java's writeShort + writeUTF
   * ```
   */
  constructor(fields: F) {
    if (typeof fields !== 'object' || fields === null) throw new TypeError('PacketLayout: expected an object of field kinds');
    const list = Object.entries(fields).map(([name, kind]) => ({ name, code: kindCode(name, kind) }));
    this.fields = Object.freeze({ ...fields });
    this.fixedSize = list.reduce((sum, { code }) => sum + fixedBytes(code), 0);
    // Each layout gets its own functions, as own properties: a call site in user code then sees
    // one target and V8 inlines the layout's code there (a shared prototype method calling a
    // per-layout function would be one megamorphic call site for all layouts).
    const { write, read } = compiled<F>(list);
    this.write = write;
    this.read = read;
  }

  /**
   * Appends `message`'s fields to `packet`, as the matching `Packet` writes would.
   *
   * @param packet - the packet to append to.
   * @param message - the values; properties not in the layout are ignored.
   * @returns `packet`, for chaining.
   * @throws TypeError / RangeError when a value does not fit its kind (named in the message), or
   * `packet` is not a Packet; nothing is written then.
   * @example
   * ```ts
   * const Hit = new PacketLayout({ target: 'uint32', damage: 'uint16' });
   * Hit.write(new Packet(), { target: 12, damage: 40 }).getDataSize(); // 6
   * ```
   */
  readonly write: (packet: Packet, message: LayoutMessage<F>) => Packet;

  /**
   * Reads the fields from `packet`'s read position, as the matching `Packet` reads would.
   *
   * @param packet - the packet to read.
   * @param target - an object to fill instead of a new one (saves an allocation per message).
   * @returns `target`, or a new message.
   * @throws TypeError when `packet` is not a Packet.
   * @example
   * ```ts
   * const Hit = new PacketLayout({ target: 'uint32', damage: 'uint16' });
   * const packet = Hit.write(new Packet(), { target: 12, damage: 40 });
   * Hit.read(packet).damage; // 40
   * ```
   */
  readonly read: (packet: Packet, target?: LayoutMessage<F>) => LayoutMessage<F>;
}

/** A field as the compiler sees it. */
interface FieldCode {
  readonly name: string;
  readonly code: KindCode;
}

function kindCode(name: string, kind: unknown): KindCode {
  if (name === '__proto__' || /^(0|[1-9]\d*)$/.test(name)) {
    throw new TypeError(`PacketLayout: field name ${JSON.stringify(name)} is not allowed (array indices and __proto__ do not keep their order)`);
  }
  if (typeof kind !== 'string' || !Object.hasOwn(CODES, kind)) {
    throw new TypeError(`PacketLayout: field ${JSON.stringify(name)} has unknown kind ${JSON.stringify(kind)}; expected one of ${Object.keys(CODES).join(', ')}`);
  }
  return CODES[kind as FieldKind];
}

function fixedBytes(code: KindCode): number {
  if (code.size > 0) return code.size;
  return code.method === 'UTF' ? 2 : 4;
}

/** The fields split into runs of fixed-size fields and single strings, in order. */
function runsOf(list: readonly FieldCode[]): FieldCode[][] {
  const runs: FieldCode[][] = [];
  for (const field of list) {
    const last = runs.at(-1);
    if (field.code.size > 0 && last !== undefined && (last[0]?.code.size ?? 0) > 0) last.push(field);
    else runs.push([field]);
  }
  return runs;
}

function fill(snippet: string, value: string, at: string): string {
  return snippet.replaceAll('V', value).replaceAll('AT', at);
}

function writerSource(list: readonly FieldCode[]): string {
  const lines = [`if (!(packet instanceof Packet)) throw new TypeError('PacketLayout.write: expected a Packet');`];
  lines.push(`if (typeof m !== 'object' || m === null) throw new TypeError('PacketLayout.write: expected a message object');`);
  list.forEach(({ name, code }, i) => {
    const method = JSON.stringify(`write${code.method} (PacketLayout field ${JSON.stringify(name)})`);
    lines.push(`const v${i} = m[${JSON.stringify(name)}];`, `if (${fill(code.bad, `v${i}`, '')}) throw ${fill(code.error, `v${i}`, '').replace('M', method)};`);
  });
  lines.push('let at = 0;', 'let view;');
  let index = 0;
  for (const run of runsOf(list)) {
    const first = run[0] as FieldCode;
    if (first.code.size === 0) {
      lines.push(`packet.write${first.code.method}(v${index++});`);
      continue;
    }
    lines.push(`at = reserveBytes(packet, ${run.reduce((sum, { code }) => sum + code.size, 0)});`, 'view = storageView(packet);');
    let offset = 0;
    for (const { code } of run) {
      lines.push(`${fill(code.put, `v${index++}`, `at + ${offset}`)};`);
      offset += code.size;
    }
  }
  return `function write(packet, m) {\n${lines.join('\n')}\nreturn packet;\n}`;
}

function readerSource(list: readonly FieldCode[]): string {
  const key = (name: string): string => `[${JSON.stringify(name)}]`;
  const initial = list.map(({ name, code }) => `${key(name)}: ${code.initial}`).join(', ');
  const lines = [`if (!(packet instanceof Packet)) throw new TypeError('PacketLayout.read: expected a Packet');`];
  lines.push(`const t = target === undefined ? { ${initial} } : target;`, 'let at = 0;', 'let view;');
  for (const run of runsOf(list)) {
    const first = run[0] as FieldCode;
    const one = run.map(({ name, code }) => `t${key(name)} = packet.read${code.method}();`);
    if (first.code.size === 0) {
      lines.push(...one);
      continue;
    }
    lines.push(`at = claimBytes(packet, ${run.reduce((sum, { code }) => sum + code.size, 0)});`, 'if (at >= 0) {', 'view = storageView(packet);');
    let offset = 0;
    for (const { name, code } of run) {
      lines.push(`t${key(name)} = ${fill(code.get, '', `at + ${offset}`)};`);
      offset += code.size;
    }
    lines.push('} else {', ...one, '}');
  }
  lines.push('return t;');
  return `function read(packet, target) {\n${lines.join('\n')}\n}`;
}

type Writer = (this: Packet, value: unknown) => Packet;
type Reader = (this: Packet) => unknown;

/**
 * The layout's functions without code generation (Node run with
 * `--disallow-code-generation-from-strings`): the Packet methods field by field. Same bytes and
 * reads, slower, and a bad value throws after the fields before it were written.
 */
function interpreted<F extends LayoutFields>(list: readonly FieldCode[]): Pick<PacketLayout<F>, 'write' | 'read'> {
  const methods = Packet.prototype as unknown as Record<string, Writer & Reader>;
  const fields = list.map(({ name, code }) => ({ name, write: methods[`write${code.method}`] as Writer, read: methods[`read${code.method}`] as Reader }));
  return {
    write(packet, message) {
      if (!(packet instanceof Packet)) throw new TypeError('PacketLayout.write: expected a Packet');
      for (const field of fields) field.write.call(packet, (message as Record<string, unknown>)[field.name]);
      return packet;
    },
    read(packet, target) {
      if (!(packet instanceof Packet)) throw new TypeError('PacketLayout.read: expected a Packet');
      const message = (target ?? {}) as Record<string, unknown>;
      for (const field of fields) message[field.name] = field.read.call(packet);
      return message as LayoutMessage<F>;
    },
  };
}

/** Compiles the layout's writer and reader, or falls back to {@link interpreted}. */
function compiled<F extends LayoutFields>(list: readonly FieldCode[]): Pick<PacketLayout<F>, 'write' | 'read'> {
  const names = Object.keys(HELPERS);
  const source = `return { write: ${writerSource(list)}, read: ${readerSource(list)} };`;
  let make: (...helpers: unknown[]) => Pick<PacketLayout<F>, 'write' | 'read'>;
  try {
    // The source is built only from the fixed snippets in layoutKinds.ts and JSON-quoted field names.
    make = new Function(...names, source) as typeof make;
  } catch (error) {
    if (error instanceof EvalError) return interpreted(list);
    throw error;
  }
  return make(...Object.values(HELPERS));
}
