import { SocketError } from '../core/SocketError.js';
import { SocketStatus } from '../core/SocketStatus.js';
import type { EnetConnectResult } from './EnetEvent.js';
import type { EnetPeer } from './EnetPeer.js';
import { EnetPeerState } from './EnetPeerState.js';
import type { PeerState } from './PeerState.js';

/** One connect in progress, and how it ends. */
interface ConnectWait {
  readonly generation: number;
  readonly resolve: (result: EnetConnectResult) => void;
}

/** One blocking send waiting for room. */
interface RoomWait {
  readonly state: PeerState;
  readonly generation: number;
  readonly bytes: number;
  readonly resolve: (room: boolean) => void;
}

/**
 * The calls of an `EnetHost` waiting on the protocol: blocking connects (for the handshake) and
 * blocking sends (for room under `enetMaxOutgoingData`), ended by {@link HostWaits.settle} after
 * each protocol step.
 *
 * @internal
 */
export class HostWaits {
  readonly #connects = new Map<PeerState, ConnectWait>();
  #rooms: RoomWait[] = [];

  /** Waits for the handshake of the connection `state` holds now. */
  connect(state: PeerState): Promise<EnetConnectResult> {
    return new Promise((resolve) => this.#connects.set(state, { generation: state.generation, resolve }));
  }

  /** Waits until `state` has room for `bytes` more (`true`), or its connection ended (`false`). */
  room(state: PeerState, generation: number, bytes: number): Promise<boolean> {
    return new Promise((resolve) => this.#rooms.push({ state, generation, bytes, resolve }));
  }

  /**
   * Ends the waits whose connection is up, over, or has room; with `open` false (the host
   * closed), every wait.
   */
  settle(open: boolean, handleOf: (state: PeerState) => EnetPeer | null, maxOutgoing: number): void {
    for (const [state, wait] of this.#connects) {
      const live = open && state.generation === wait.generation;
      if (live && (state.state === EnetPeerState.Connecting || state.state === EnetPeerState.AcknowledgingConnect)) continue;
      this.#connects.delete(state);
      const peer = handleOf(state);
      if (live && state.state === EnetPeerState.Connected) wait.resolve({ status: SocketStatus.Done, peer });
      else wait.resolve({ status: SocketStatus.Disconnected, error: new SocketError('Timeout', 'EnetHost.connect: the connection failed or timed out'), peer });
    }
    if (this.#rooms.length === 0) return;
    this.#rooms = this.#rooms.filter((wait) => {
      const { state } = wait;
      if (!open || state.generation !== wait.generation || state.state !== EnetPeerState.Connected) wait.resolve(false);
      else if (state.outgoingPacketBytes === 0 || state.outgoingPacketBytes + wait.bytes <= maxOutgoing) wait.resolve(true);
      else return true;
      return false;
    });
  }
}
