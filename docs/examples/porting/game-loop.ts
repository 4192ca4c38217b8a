/**
 * A game server driven by a fixed-rate loop: every tick it accepts waiting players, drains
 * their input without blocking, updates the world and sends the new state. Copied into
 * `docs/guides/game-loop.md`.
 *
 * @module
 */
import { IpAddress, Packet, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

/** A player's position. */
export interface Position {
  x: number;
  y: number;
}

/** The server side of the game: the listener, the players and the world. */
export class GameServer {
  readonly listener = new TcpListener();
  readonly players = new Map<TcpSocket, Position>();

  /**
   * Listens on 127.0.0.1 (any free port), in non-blocking mode.
   *
   * @returns `true` when listening.
   */
  async start(): Promise<boolean> {
    // #region start
    this.listener.setBlocking(false); // accept answers NotReady at once when nobody waits
    return (await this.listener.listen(0, IpAddress.LocalHost)).status === SocketStatus.Done;
    // #endregion start
  }

  // #region tick
  /** One tick: accept, read input, update, broadcast. Never waits for the network. */
  async tick(): Promise<void> {
    for (let client = new TcpSocket(); (await this.listener.accept(client)).status === SocketStatus.Done; client = new TcpSocket()) {
      client.setBlocking(false);
      this.players.set(client, { x: 0, y: 0 });
    }
    const input = new Packet();
    for (const [client, position] of this.players) {
      let status = (await client.receive(input)).status;
      for (; status === SocketStatus.Done; status = (await client.receive(input)).status) {
        position.x += input.readInt8(); // a move: dx, dy
        position.y += input.readInt8();
      }
      if (status !== SocketStatus.NotReady) this.drop(client); // Disconnected or Error: gone
    }
    const state = new Packet().writeUint16(this.players.size);
    for (const { x, y } of this.players.values()) state.writeInt32(x).writeInt32(y);
    for (const client of this.players.keys()) {
      const { status } = await client.send(state);
      if (status !== SocketStatus.Done) this.drop(client); // Partial: 1 MiB unread, too slow
    }
  }

  /** Forgets a player and closes its socket. */
  drop(client: TcpSocket): void {
    this.players.delete(client);
    client.disconnect();
  }
  // #endregion tick

  /** Disconnects every player and stops listening. */
  async stop(): Promise<void> {
    for (const client of this.players.keys()) client.disconnect();
    this.players.clear();
    await this.listener.close();
  }
}

/**
 * Runs `ticks` ticks of `server`, `tickMs` apart: the fixed-rate loop.
 *
 * @param server - a started server.
 * @param ticks - how many ticks to run.
 * @param tickMs - milliseconds between tick starts.
 */
export async function runLoop(server: GameServer, ticks: number, tickMs: number): Promise<void> {
  // #region loop
  for (let tick = 0; tick < ticks; tick++) {
    const started = performance.now();
    await server.tick();
    const rest = tickMs - (performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, rest)));
  }
  // #endregion loop
}
