// The field kinds of a PacketLayout: for each, the Packet methods whose bytes it reproduces and the
// JavaScript snippets PacketLayout compiles into one writer and one reader per layout. `V` stands for
// the value, `AT` for its offset in the packet's storage, `M` for the method named in errors.
// Internal: PacketLayout and its types are exported from src/index.ts, this table is not. It
// imports nothing from PacketLayout.ts: that file checks that this table and its FieldKind list
// the same kinds.

/** How one kind is checked, written and read. */
export interface KindCode {
  /** Bytes on the wire, or 0 for a string (written and read through the Packet method). */
  readonly size: number;
  /** The Packet method suffix: `Uint32` for `writeUint32` / `readUint32`. */
  readonly method: string;
  /** The value of a field not read yet (a new message's initial value). */
  readonly initial: string;
  /** A condition, true when `V` may not be written. */
  readonly bad: string;
  /** The expression building the error for a bad `V`. */
  readonly error: string;
  /** The statement writing `V` at `AT` through `view`. */
  readonly put: string;
  /** The expression reading the value at `AT` through `view`. */
  readonly get: string;
}

function integer(size: number, method: string, bad: string, range: string): KindCode {
  return {
    size,
    method,
    initial: '0',
    bad: `typeof V !== 'number' || ${bad}`,
    error: `integerError(M, V, '${range}')`,
    put: `view.set${method}(AT, V)`,
    get: `view.get${method}(AT)`,
  };
}

function bigint(method: string, bad: string, range: string): KindCode {
  return {
    size: 8,
    method,
    initial: '0n',
    bad: `typeof V !== 'bigint' || ${bad}`,
    error: `bigintError(M, V, '${range}')`,
    put: `view.setBig${method}(AT, V)`,
    get: `view.getBig${method}(AT)`,
  };
}

function float(size: 4 | 8, method: string, put: string, get: string): KindCode {
  return { size, method, initial: '0', bad: `typeof V !== 'number'`, error: `wrongType(M, 'a number', V)`, put, get };
}

function text(method: string): KindCode {
  return { size: 0, method, initial: "''", bad: `typeof V !== 'string'`, error: `wrongType(M, 'a string', V)`, put: '', get: '' };
}

/** Every kind, named as the Packet methods are (`uint32` for `writeUint32`, `utf` for `writeUTF`). */
export const KINDS = {
  bool: {
    size: 1,
    method: 'Bool',
    initial: 'false',
    bad: `typeof V !== 'boolean'`,
    error: `wrongType(M, 'a boolean', V)`,
    put: 'view.setUint8(AT, V ? 1 : 0)',
    get: 'view.getUint8(AT) !== 0',
  },
  int8: integer(1, 'Int8', '(V << 24) >> 24 !== V', '-128 to 127'),
  uint8: integer(1, 'Uint8', '(V & 0xff) !== V', '0 to 255'),
  int16: integer(2, 'Int16', '(V << 16) >> 16 !== V', '-32768 to 32767'),
  uint16: integer(2, 'Uint16', '(V & 0xffff) !== V', '0 to 65535'),
  int32: integer(4, 'Int32', '(V | 0) !== V', '-2147483648 to 2147483647'),
  uint32: integer(4, 'Uint32', 'V >>> 0 !== V', '0 to 4294967295'),
  int64: bigint('Int64', 'V < -9223372036854775808n || V > 9223372036854775807n', '-(2^63) to 2^63 - 1'),
  uint64: bigint('Uint64', 'V < 0n || V > 18446744073709551615n', '0 to 2^64 - 1'),
  float: float(4, 'Float', 'view.setFloat32(AT, V, true)', 'view.getFloat32(AT, true)'),
  double: float(8, 'Double', 'view.setFloat64(AT, V, true)', 'view.getFloat64(AT, true)'),
  floatBE: float(4, 'FloatBE', 'if (V === V) view.setFloat32(AT, V); else view.setUint32(AT, 0x7fc00000)', 'view.getFloat32(AT)'),
  doubleBE: float(8, 'DoubleBE', 'view.setFloat64(AT, V === V ? V : NaN)', 'view.getFloat64(AT)'),
  string: text('String'),
  wideString: text('WideString'),
  sfString: text('SfString'),
  utf: text('UTF'),
} as const satisfies Record<string, KindCode>;
