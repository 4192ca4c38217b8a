/**
 * The browser entry of sfnet, `sfnet/browser`: `Packet`, `PacketLayout` and `SocketStatus`, and
 * {@link BrowserSocket}, a client over the browser's own `WebSocket` with `TcpSocket`'s calls.
 *
 * @remarks
 * ESM with no Node module on its path, for a bundler or a `<script type="module">`. The server
 * side is a `TcpListener` over `NodeWebSocketTransport`; one `Packet` is one binary message.
 *
 * @example
 * ```ts
 * import { BrowserSocket, Packet, SocketStatus } from 'sfnet/browser';
 * const socket = new BrowserSocket();
 * await socket.connect('ws://localhost:8080/game');
 * ```
 *
 * @packageDocumentation
 * @module sfnet/browser
 * @mergeModuleWith <project>
 */
export { BrowserSocket, type BrowserSocketOptions } from './BrowserSocket.js';
export type { WebSocketLike, WebSocketConstructor } from './WebSocketLike.js';
export { Packet } from '../packet/Packet.js';
export { PacketLayout, type FieldKind, type FieldValue, type LayoutFields, type LayoutMessage } from '../packet/PacketLayout.js';
export { SocketStatus } from '../core/SocketStatus.js';
export { SocketError, type SocketErrorKind, type SocketErrorOptions } from '../core/SocketError.js';
export type { StatusResult, SendResult, ReceiveResult } from '../core/SocketResult.js';
