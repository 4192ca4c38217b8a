// The errors Packet's writers throw on misuse, with messages that name the method.
// Internal: not exported from src/index.ts.

/** `typeof`, but `null` for null, so messages read naturally. */
function kindOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/**
 * The error for a value that is not an integer in a writer's range.
 *
 * @param method - the writer, e.g. `'writeUint8'`.
 * @param value - what it got.
 * @param range - the range in words, e.g. `'0 to 255'`.
 * @returns a `TypeError` when `value` is not a number, else a `RangeError`.
 * @internal
 */
export function integerError(method: string, value: unknown, range: string): TypeError | RangeError {
  if (typeof value !== 'number') return wrongType(method, 'a number', value);
  return new RangeError(`Packet.${method}: ${value} is not an integer from ${range}`);
}

/**
 * The error for a value that is not a bigint in a 64-bit writer's range.
 *
 * @param method - the writer, e.g. `'writeInt64'`.
 * @param value - what it got.
 * @param range - the range in words.
 * @returns a `TypeError` when `value` is not a bigint, else a `RangeError`.
 * @internal
 */
export function bigintError(method: string, value: unknown, range: string): TypeError | RangeError {
  if (typeof value !== 'bigint') return wrongType(method, 'a bigint', value);
  return new RangeError(`Packet.${method}: ${value}n is not from ${range}`);
}

/**
 * The error for an argument of the wrong type.
 *
 * @param method - the method, e.g. `'writeString'`.
 * @param expected - what it takes, e.g. `'a string'`.
 * @param value - what it got.
 * @returns the error.
 * @internal
 */
export function wrongType(method: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Packet.${method}: expected ${expected}, got ${kindOf(value)}`);
}
