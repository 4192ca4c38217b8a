/**
 * Text forms of IP addresses. Inputs are already validated by `net.isIP`.
 *
 * @internal
 * @module
 */

/** The 4 bytes of a dotted-quad literal that `net.isIP` accepted. */
export function parseV4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.'), Number);
}

/** The 16 bytes of an IPv6 literal that `net.isIP` accepted (no zone). */
export function parseV6(text: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let tail = text;
  let last32: Uint8Array | undefined;
  const dot = text.lastIndexOf('.');
  if (dot !== -1) {
    const colon = text.lastIndexOf(':');
    last32 = parseV4(text.slice(colon + 1));
    tail = `${text.slice(0, colon + 1)}0:0`;
  }
  const [head = '', rest] = tail.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  if (last32 !== undefined) bytes.set(last32, 12);
  return bytes;
}

/** RFC 5952 text of 16 address bytes: lower case, the longest run of two or more zero groups as `::`. */
export function formatV6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
