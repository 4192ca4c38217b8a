/**
 * The state of a connection, numbered as ENet's `ENetPeerState`.
 *
 * @example
 * ```ts
 * if (peer.getState() === EnetPeerState.Connected) await peer.send(0, new Packet().writeString('hi'));
 * ```
 */
export enum EnetPeerState {
  /** No connection (`ENET_PEER_STATE_DISCONNECTED`): before connect, and after a disconnect or time-out. */
  Disconnected = 0,
  /** A CONNECT was sent; waiting for VERIFY_CONNECT. */
  Connecting = 1,
  /** A CONNECT arrived and was answered; waiting for the acknowledgement of the answer. */
  AcknowledgingConnect = 2,
  /** Connected, the connect event not yet dispatched. */
  ConnectionPending = 3,
  /** Connected (client side), the connect event not yet dispatched. */
  ConnectionSucceeded = 4,
  /** Connected: messages flow both ways. */
  Connected = 5,
  /** `disconnectLater` was asked: queued messages are sent first. */
  DisconnectLater = 6,
  /** A DISCONNECT was sent; waiting for its acknowledgement. */
  Disconnecting = 7,
  /** A DISCONNECT arrived; its acknowledgement is being sent. */
  AcknowledgingDisconnect = 8,
  /** Gone; the disconnect event is not yet dispatched. */
  Zombie = 9,
}

/**
 * ENet's packet flags (`ENET_PACKET_FLAG_…`): how a message is delivered. No flag sends it
 * unreliable and sequenced.
 *
 * @example
 * ```ts
 * await peer.send(0, bytes, EnetPacketFlag.Reliable); // arrives once, in order
 * await peer.send(1, position); // unreliable, sequenced: may be lost, never out of order
 * ```
 */
export enum EnetPacketFlag {
  /** No flag: unreliable and sequenced (a late one is dropped). */
  None = 0,
  /** Reliable and ordered on its channel: resent until acknowledged (`ENET_PACKET_FLAG_RELIABLE`). */
  Reliable = 1,
  /** Unreliable and unsequenced: may arrive in any order, duplicates are still dropped (`ENET_PACKET_FLAG_UNSEQUENCED`). */
  Unsequenced = 2,
  /** An unreliable message larger than one datagram is sent as unreliable fragments instead of reliable ones (`ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT`). */
  UnreliableFragment = 8,
}
