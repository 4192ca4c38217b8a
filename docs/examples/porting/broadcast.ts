/**
 * A server pushing the same update to every client each tick, which finds a client that reads
 * too slowly by its send readiness and drops it before it costs memory. Copied into
 * `docs/guides/game-loop.md`.
 *
 * @module
 */
import { Packet, ReadinessType, SocketSelector, SocketStatus, TcpSocket } from '../../../src/index.js';

/** The clients of a broadcast and what became of the slow ones. */
export class Broadcaster {
  readonly selector = new SocketSelector();
  /** Each client and the ticks in a row it has not been ready to send. */
  readonly clients = new Map<TcpSocket, number>();
  /** The clients dropped for reading too slowly (or for leaving). */
  readonly dropped: TcpSocket[] = [];

  /** @param patienceTicks - ticks in a row a client may stay over its high-water mark. */
  constructor(readonly patienceTicks = 10) {}

  // #region add
  /** Takes a connected client: non-blocking, watched for room to send. */
  add(client: TcpSocket): void {
    client.setBlocking(false);
    this.clients.set(client, 0);
    this.selector.add(client, ReadinessType.Send);
  }
  // #endregion add

  // #region broadcast
  /** Sends `update` to every client with room; drops one that has had none for `patienceTicks` ticks. */
  async broadcast(update: Packet): Promise<void> {
    await this.selector.wait(1); // records who can send; at once when anyone can
    for (const [client, stalled] of this.clients) {
      if (!this.selector.isReady(client, ReadinessType.Send)) {
        // Its queue reached sendHighWaterMark and has not drained to sendLowWaterMark since.
        if (stalled + 1 >= this.patienceTicks) this.drop(client);
        else this.clients.set(client, stalled + 1);
        continue;
      }
      this.clients.set(client, 0);
      const { status } = await client.send(update);
      if (status !== SocketStatus.Done) this.drop(client); // no room after all, or gone
    }
  }

  /** Forgets a client and closes it at once: linger 0 resets, so its queued bytes are freed now. */
  drop(client: TcpSocket): void {
    this.selector.remove(client);
    this.clients.delete(client);
    this.dropped.push(client);
    client.setSoLinger(true, 0);
    client.disconnect();
  }
  // #endregion broadcast
}
