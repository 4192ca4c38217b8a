import type { StatusResult } from '../core/SocketResult.js';
import type { Packet } from '../packet/Packet.js';
import type { EnetPeer } from './EnetPeer.js';

/**
 * What happened on a host, as ENet's `ENetEventType`.
 *
 * @example
 * ```ts
 * const { event } = await host.service(100);
 * if (event?.type === EnetEventType.Receive) console.log(event.packet.readString());
 * ```
 */
export enum EnetEventType {
  /** A connection is up, ours (`connect`) or a peer's (`ENET_EVENT_TYPE_CONNECT`). */
  Connect = 'connect',
  /** A connection is over: the peer disconnected, timed out, or a connect failed (`ENET_EVENT_TYPE_DISCONNECT`). */
  Disconnect = 'disconnect',
  /** A message arrived (`ENET_EVENT_TYPE_RECEIVE`). */
  Receive = 'receive',
}

/**
 * A connect or disconnect event, with the 32-bit value the peer gave (`enet_host_connect`'s
 * `data`, or the `data` of its disconnect; 0 for a time-out).
 *
 * @example
 * ```ts
 * if (event.type === EnetEventType.Disconnect) console.log('gone', event.peer.getAddress()?.toString(), event.data);
 * ```
 */
export interface EnetStateEvent {
  /** Connect or disconnect. */
  readonly type: EnetEventType.Connect | EnetEventType.Disconnect;
  /** The connection it is about. */
  readonly peer: EnetPeer;
  /** The peer's 32-bit value. */
  readonly data: number;
}

/**
 * A message that arrived, with its channel.
 *
 * @example
 * ```ts
 * if (event.type === EnetEventType.Receive && event.channelID === 1) applyPosition(event.packet);
 * ```
 */
export interface EnetReceiveEvent {
  /** Receive. */
  readonly type: EnetEventType.Receive;
  /** Who sent it. */
  readonly peer: EnetPeer;
  /** The channel it came on. */
  readonly channelID: number;
  /** The message, read position at its start. */
  readonly packet: Packet;
}

/**
 * One event of a host (`ENetEvent`).
 *
 * @example
 * ```ts
 * function handle(event: EnetEvent): void {
 *   switch (event.type) {
 *     case EnetEventType.Connect: console.log('hello', event.peer.getId()); break;
 *     case EnetEventType.Receive: console.log(event.packet.getDataSize(), 'bytes'); break;
 *     case EnetEventType.Disconnect: console.log('bye'); break;
 *   }
 * }
 * ```
 */
export type EnetEvent = EnetStateEvent | EnetReceiveEvent;

/**
 * What `EnetHost.service` gives: `Done` with an event, `NotReady` with none (non-blocking, or
 * the time-out passed), `Disconnected` when the host was closed.
 *
 * @example
 * ```ts
 * const { status, event } = await host.service(0);
 * if (status === SocketStatus.Done && event!.type === EnetEventType.Receive) handle(event!.packet);
 * ```
 */
export interface EnetEventResult extends StatusResult {
  /** The event when `status` is `Done`, otherwise `null`. */
  readonly event: EnetEvent | null;
}

/**
 * What `EnetHost.connect` gives: the peer (also while still connecting, in non-blocking mode).
 *
 * @example
 * ```ts
 * const { status, peer } = await host.connect(IpAddress.LocalHost, 7777, 2);
 * if (status === SocketStatus.Done) await peer!.send(0, new Packet().writeString('hi'), EnetPacketFlag.Reliable);
 * ```
 */
export interface EnetConnectResult extends StatusResult {
  /** The connection: `Done` connected, `NotReady` connecting (non-blocking), `null` on `Error`. A failed blocking connect keeps it, disconnected. */
  readonly peer: EnetPeer | null;
}
