/**
 * The `ws` package, loaded on first use: it is an optional peer dependency of sfnet, needed only
 * by WebSocket users, so nothing imports it before a WebSocket transport is used.
 *
 * @module
 * @internal
 */
import { cryptoModule } from './lazyBuiltins.js';

/** The `ws` module. */
export type WsModule = typeof import('ws');

/** The part of ws's `Sender` used here (exported by ws, not described by `@types/ws`). */
interface WsSender {
  frame(data: Uint8Array, options: FrameOptions): Uint8Array[];
}

/** The options of ws's `Sender.frame` used here. */
interface FrameOptions {
  readonly fin: boolean;
  readonly opcode: number;
  readonly mask: boolean;
  readonly readOnly: boolean;
  readonly rsv1: boolean;
  readonly maskBuffer?: Buffer;
  readonly generateMask?: (mask: Buffer) => void;
}

let loading: Promise<WsModule> | undefined;
/** ws's `Sender` class, kept once loaded so that framing does not look it up in the module namespace each time. */
let sender: WsSender | undefined;

/**
 * Loads `ws` (once); rejects with a `TypeError` that says how to install it when it is missing.
 *
 * @internal
 */
export function loadWs(): Promise<WsModule> {
  return (loading ??= import('ws').then(
    (module) => {
      sender = (module as unknown as { Sender: WsSender }).Sender;
      return module;
    },
    (cause: unknown) => {
      loading = undefined;
      throw new TypeError('NodeWebSocketTransport needs the ws package (an optional peer dependency of sfnet): npm install ws', { cause });
    },
  ));
}

const BINARY_FRAME: FrameOptions = { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false };

/** The longest payload whose frame header is 2 bytes (a 7-bit length). */
const SHORT_PAYLOAD = 125;

/**
 * ws's own 2-byte header of an unmasked binary frame, at `2 × length` for each payload length up
 * to {@link SHORT_PAYLOAD}: asked from `Sender.frame` once per length (a header's first byte is
 * never 0, so 0 marks one not asked yet).
 */
const shortHeaders = new Uint8Array(2 * (SHORT_PAYLOAD + 1));

/**
 * One unmasked binary frame holding a copy of `payload`, in one buffer: the header is ws's own
 * (`Sender.frame`, as `ws.send` builds it), the copy lets the caller reuse its packet at once.
 * Only a connection made by a loaded `ws` calls it.
 *
 * @remarks
 * A short payload's header depends on its length only, so it is asked from ws once per length
 * and copied from then on: framing a 64 B echo through `Sender.frame` and `Buffer.concat` each
 * time cost the server ~1.5 % of its round trips (pinned ping-pong).
 *
 * @internal
 */
export function serverFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  if (length <= SHORT_PAYLOAD) {
    const at = 2 * length;
    if (shortHeaders[at] === 0) shortHeaders.set(framed(new Uint8Array(length))[0] as Uint8Array, at);
    const frame = Buffer.allocUnsafe(2 + length);
    frame[0] = shortHeaders[at] as number;
    frame[1] = shortHeaders[at + 1] as number;
    frame.set(payload, 2);
    return frame;
  }
  // [header, payload]
  const parts = framed(payload);
  return Buffer.concat(parts, (parts[0] as Uint8Array).length + length);
}

/** ws's unmasked binary frame of `payload`: [header, payload], or [header] alone for an empty payload. */
function framed(payload: Uint8Array): Uint8Array[] {
  return (sender as WsSender).frame(payload, BINARY_FRAME);
}

/** Random bytes for client masks, refilled when used up (as ws's own pool). */
const maskPool = Buffer.alloc(8192);
let maskAt = maskPool.length;

/**
 * A client's masking key (ws's `generateMask`): random, and never all zero — with a zero mask ws
 * would send the caller's payload itself rather than a masked copy, which `clientFrame` relies on.
 */
export function nonZeroMask(mask: Buffer): void {
  if (maskAt === maskPool.length) {
    cryptoModule().randomFillSync(maskPool);
    maskAt = 0;
  }
  mask[0] = maskPool[maskAt++] as number;
  mask[1] = maskPool[maskAt++] as number;
  mask[2] = maskPool[maskAt++] as number;
  mask[3] = (maskPool[maskAt++] as number) | ((mask[0] | mask[1] | mask[2]) === 0 ? 1 : 0);
}

/**
 * A client's binary frames: masked with {@link nonZeroMask} into a new buffer (ws's `readOnly`
 * path, which never writes the caller's payload), in a mask buffer of their own.
 */
const MASKED_BINARY_FRAME: FrameOptions = { ...BINARY_FRAME, mask: true, readOnly: true, maskBuffer: Buffer.alloc(4), generateMask: nonZeroMask };

/**
 * One masked binary frame of `payload`, in one new buffer (ws's own `Sender.frame`, as `ws.send`
 * frames a client's message): the mask is never zero, so ws masks a copy and never sends the
 * payload itself; the caller may reuse it at once. Only a connection made by a loaded `ws` calls it.
 *
 * @internal
 */
export function clientFrame(payload: Uint8Array): Uint8Array {
  // [header + masked payload] (an empty payload: [header]).
  return (sender as WsSender).frame(payload, MASKED_BINARY_FRAME)[0] as Uint8Array;
}
