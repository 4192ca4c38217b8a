// Java's "modified UTF-8" (java.io.DataOutput.writeUTF / DataInput.readUTF), per UTF-16 unit:
//   U+0001..U+007F -> 1 byte; U+0000 and U+0080..U+07FF -> 2 bytes (NUL is C0 80);
//   U+0800..U+FFFF -> 3 bytes, surrogates included, so a supplementary character is two 3-byte halves.
// The decoder accepts exactly what DataInputStream.readUTF accepts (raw 00 and overlong forms too)
// and rejects what it rejects (10xxxxxx and 1111xxxx lead bytes, bad or missing continuations).
// Internal: not exported from src/index.ts.
import { pushUnit, takeUnits } from './text.js';

/**
 * The most bytes a modified UTF-8 string can have: its length prefix is a uint16.
 *
 * @internal
 */
export const MAX_MODIFIED_UTF8_BYTES = 0xffff;

/**
 * Counts the bytes `text` takes in modified UTF-8.
 *
 * @param text - the text.
 * @returns the byte count (not the 2-byte length prefix).
 * @internal
 */
export function modifiedUtf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x800) length += 2;
    else if (unit >= 0x80 || unit === 0) length += 1;
  }
  return length;
}

/**
 * Writes `text` in modified UTF-8.
 *
 * @param text - the text.
 * @param bytes - the target, with {@link modifiedUtf8Length} bytes free from `offset`.
 * @param offset - where the first byte goes.
 * @internal
 */
export function encodeModifiedUtf8(text: string, bytes: Uint8Array, offset: number): void {
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit !== 0 && unit < 0x80) {
      bytes[at++] = unit;
    } else if (unit < 0x800) {
      bytes[at++] = 0xc0 | (unit >> 6);
      bytes[at++] = 0x80 | (unit & 0x3f);
    } else {
      bytes[at++] = 0xe0 | (unit >> 12);
      bytes[at++] = 0x80 | ((unit >> 6) & 0x3f);
      bytes[at++] = 0x80 | (unit & 0x3f);
    }
  }
}

/**
 * Decodes modified UTF-8 the way `DataInputStream.readUTF` does.
 *
 * @param bytes - the packet's storage.
 * @param start - first byte.
 * @param end - one past the last byte.
 * @returns the text, or `null` where `readUTF` would throw `UTFDataFormatException`.
 * @internal
 */
export function decodeModifiedUtf8(bytes: Uint8Array, start: number, end: number): string | null {
  let i = start;
  while (i < end) {
    const lead = bytes[i] ?? 0;
    const kind = lead >> 4;
    if (kind < 8) {
      pushUnit(lead);
      i += 1;
    } else if (kind === 12 || kind === 13) {
      const second = bytes[i + 1] ?? 0;
      if (i + 2 > end || (second & 0xc0) !== 0x80) return fail();
      pushUnit(((lead & 0x1f) << 6) | (second & 0x3f));
      i += 2;
    } else if (kind === 14) {
      const second = bytes[i + 1] ?? 0;
      const third = bytes[i + 2] ?? 0;
      if (i + 3 > end || (second & 0xc0) !== 0x80 || (third & 0xc0) !== 0x80) return fail();
      pushUnit(((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f));
      i += 3;
    } else {
      return fail();
    }
  }
  return takeUnits();
}

/** Drops the partly built string and reports failure. */
function fail(): null {
  takeUnits();
  return null;
}
