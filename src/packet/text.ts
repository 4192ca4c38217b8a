// Text codecs for Packet's strings: UTF-8 (`std::string`) and UTF-32 (`std::wstring`, `sf::String`),
// plus the UTF-16 unit buffer the decoders build strings in. Everything here is synchronous and never
// re-entered, so the decoders share one scratch buffer. Internal: not exported from src/index.ts.

/** UTF-16 units collected before they are turned into a string in one call. */
const CHUNK = 4096;
/** Scratch space for the decoders: one chunk plus room for a surrogate pair. */
const units = new Uint16Array(CHUNK + 2);
/** Strings of at most this many bytes are decoded by a plain loop when they are ASCII. */
const SHORT_STRING = 24;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

let pending = 0;
let built = '';

/**
 * Adds one UTF-16 unit to the string being built in the shared scratch buffer.
 *
 * @param unit - a UTF-16 unit; lone surrogates are kept as they are.
 * @internal
 */
export function pushUnit(unit: number): void {
  units[pending++] = unit;
  if (pending >= CHUNK) {
    built += String.fromCharCode(...units.subarray(0, pending));
    pending = 0;
  }
}

/**
 * Returns the string built by {@link pushUnit} since the last call, and starts a new one.
 *
 * @returns the string.
 * @internal
 */
export function takeUnits(): string {
  const result = built + String.fromCharCode(...units.subarray(0, pending));
  built = '';
  pending = 0;
  return result;
}

/**
 * Decodes UTF-8 bytes as `std::string` content: invalid sequences become U+FFFD, a BOM is kept.
 *
 * @param bytes - the packet's storage.
 * @param start - first byte.
 * @param end - one past the last byte.
 * @returns the text.
 * @internal
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING && isAscii(bytes, start, end)) return (ASCII_DECODERS[end - start] as AsciiDecoder)(bytes, start);
  return decoder.decode(bytes.subarray(start, end));
}

/** Whether every byte in `[start, end)` is below 0x80. */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let any = 0;
  for (let i = start; i < end; i++) any |= bytes[i] as number;
  return any < 0x80;
}

/** Builds a string from `count` ASCII bytes at `start`. */
type AsciiDecoder = (bytes: Uint8Array, start: number) => string;

/**
 * One decoder per length up to SHORT_STRING, each a single fixed-arity `String.fromCharCode` call:
 * one string made, where a character loop makes one per character (measured 4.5x faster on 11
 * characters). They are generated, as writing out 24 of them would be; where code generation is
 * disallowed (`--disallow-code-generation-from-strings`) every length uses the loop.
 */
const ASCII_DECODERS: readonly AsciiDecoder[] = makeAsciiDecoders();

function makeAsciiDecoders(): AsciiDecoder[] {
  const decoders: AsciiDecoder[] = [];
  for (let count = 0; count <= SHORT_STRING; count++) {
    const codes = Array.from({ length: count }, (_, i) => `bytes[start + ${i}]`).join(', ');
    try {
      // The source is built from numbers only.
      decoders.push(new Function('bytes', 'start', `return String.fromCharCode(${codes});`) as AsciiDecoder);
    } catch {
      decoders.push((bytes, start) => decodeAsciiLoop(bytes, start, start + count));
    }
  }
  return decoders;
}

function decodeAsciiLoop(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}

/**
 * Writes `text` as ASCII at `offset` while its characters are below 0x80.
 *
 * @param text - the string.
 * @param bytes - the packet's storage, with room for `text.length` bytes at `offset`.
 * @param offset - where the first byte goes.
 * @returns whether the whole string was ASCII (if not, the bytes written so far are garbage).
 * @internal
 */
export function encodeAscii(text: string, bytes: Uint8Array, offset: number): boolean {
  const length = text.length;
  let i = 0;
  for (let unit = 0; i < length && (unit = text.charCodeAt(i)) < 0x80; i++) bytes[offset + i] = unit;
  return i === length;
}

/**
 * Encodes `text` as UTF-8 into `bytes` at `offset`; lone surrogates become U+FFFD (EF BF BD).
 *
 * @param text - the text.
 * @param bytes - the target, with at least `3 * text.length` bytes free from `offset`.
 * @param offset - where the first byte goes.
 * @returns the number of bytes written.
 * @internal
 */
export function encodeUtf8(text: string, bytes: Uint8Array, offset: number): number {
  return encoder.encodeInto(text, bytes.subarray(offset)).written;
}

/**
 * Writes each code point of `text` as a big-endian uint32 (UTF-32), like a Linux `std::wstring`.
 *
 * @param text - the text; a lone surrogate is written as its own value.
 * @param view - the target, with at least `4 * text.length` bytes free from `offset`.
 * @param offset - where the first code point goes.
 * @returns the number of code points written.
 * @internal
 */
export function encodeUtf32(text: string, view: DataView, offset: number): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    view.setUint32(offset + 4 * count++, unit);
  }
  return count;
}

/**
 * Reads `count` big-endian uint32 code points; values above U+10FFFF become U+FFFD.
 *
 * @param view - the packet's storage.
 * @param start - the first code point's offset; `start + 4 * count` must be in bounds.
 * @param count - how many code points.
 * @returns the text.
 * @internal
 */
export function decodeUtf32(view: DataView, start: number, count: number): string {
  for (let i = 0; i < count; i++) {
    const codePoint = view.getUint32(start + 4 * i);
    if (codePoint < 0x10000) {
      pushUnit(codePoint);
    } else if (codePoint <= 0x10ffff) {
      pushUnit(0xd800 + ((codePoint - 0x10000) >> 10));
      pushUnit(0xdc00 + (codePoint & 0x3ff));
    } else {
      pushUnit(0xfffd);
    }
  }
  return takeUnits();
}
