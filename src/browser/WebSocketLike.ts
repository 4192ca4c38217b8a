/**
 * The part of the browser's `WebSocket` that `BrowserSocket` uses, so the browser entry
 * needs no DOM types (and `ws`'s `WebSocket` fits too, for tests and Node clients).
 *
 * @example
 * ```ts
 * const socket = new BrowserSocket({ WebSocket: globalThis.WebSocket as unknown as WebSocketConstructor });
 * ```
 */
export interface WebSocketLike {
  /** How binary messages are delivered; set to `'arraybuffer'`. */
  binaryType: string;
  /** Bytes queued by `send` and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Called once open. */
  onopen: ((event: unknown) => void) | null;
  /** Called for each message; binary ones carry an `ArrayBuffer`. */
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  /** Called once closed, with the close code. */
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  /** Called on a failure (the close follows). */
  onerror: ((event: unknown) => void) | null;
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
}

/**
 * A `WebSocket` constructor: the browser's own, or another with the same shape.
 *
 * @example
 * ```ts
 * const make: WebSocketConstructor = globalThis.WebSocket as unknown as WebSocketConstructor;
 * ```
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;
