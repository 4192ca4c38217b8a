/**
 * The `ws` package, loaded on first use: it is an optional peer dependency of sfnet, needed only
 * by WebSocket users, so nothing imports it before a WebSocket transport is used.
 *
 * @module
 * @internal
 */

/** The `ws` module. */
export type WsModule = typeof import('ws');

/** The part of ws's `Sender` used here (exported by ws, not described by `@types/ws`). */
interface WsSender {
  frame(data: Uint8Array, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Uint8Array[];
}

let loading: Promise<WsModule> | undefined;
let loaded: WsModule | undefined;

/**
 * Loads `ws` (once); rejects with a `TypeError` that says how to install it when it is missing.
 *
 * @internal
 */
export function loadWs(): Promise<WsModule> {
  return (loading ??= import('ws').then(
    (module) => (loaded = module),
    (cause: unknown) => {
      loading = undefined;
      throw new TypeError('NodeWebSocketTransport needs the ws package (an optional peer dependency of sfnet): npm install ws', { cause });
    },
  ));
}

const BINARY_FRAME = { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false };

/**
 * One unmasked binary frame holding a copy of `payload`, in one buffer: the header is ws's own
 * (`Sender.frame`, as `ws.send` builds it), the copy lets the caller reuse its packet at once.
 * Only a connection made by a loaded `ws` calls it.
 *
 * @internal
 */
export function serverFrame(payload: Uint8Array): Buffer {
  const { Sender } = loaded as unknown as { Sender: WsSender };
  // [header, payload], or [header] alone for an empty payload.
  const parts = Sender.frame(payload, BINARY_FRAME);
  return Buffer.concat(parts, (parts[0] as Uint8Array).length + payload.length);
}
