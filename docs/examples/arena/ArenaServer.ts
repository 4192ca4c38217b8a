/**
 * The authoritative arena server: one selector loop over a `TcpListener`, every client's
 * `TcpSocket` and one `UdpSocket`, at a fixed tick rate.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { type IpAddress, NodeWebSocketTransport, type Packet, SocketSelector, SocketStatus, TcpListener, TcpSocket, UdpSocket } from '../../../src/index.js';
import { drainTcp, drainUdp, isGone } from './drain.js';
import { Kind, MAX_CHAT_LENGTH, MAX_NAME_LENGTH, decodeClient, decodeInput, encodeServer, encodeSnapshot, type ClientMessage } from './protocol.js';
import type { ArenaServerOptions, ServerReport } from './serverTypes.js';
import { Ticker } from './Ticker.js';
import { Traffic, tcpFrameSize } from './Traffic.js';
import { World } from './World.js';

export type { ArenaServerOptions, ServerReport } from './serverTypes.js';

/** A connection; `id` is 0 until the client joined. */
interface Client {
  readonly socket: TcpSocket;
  readonly address: IpAddress | null;
  id: number;
  token: number;
  name: string;
  udpAddress: IpAddress | null;
  udpPort: number;
  /** A browser player: its inputs and snapshots travel over its WebSocket, not UDP. */
  readonly web: boolean;
}

/**
 * An authoritative game server in SFML's style: everything non-blocking in one selector.
 *
 * @remarks
 * Each tick the loop sleeps in `SocketSelector.wait` at most until the tick is due, and on each
 * wake accepts joins, reads TCP messages (join → welcome, chat → relayed to all, ping → pong,
 * leave) and UDP inputs (applied at once). When the tick is due it sends one snapshot datagram
 * to every player's UDP endpoint, learnt from its inputs (same address as its TCP connection,
 * right token). A TCP send that cannot complete at once drops the client, so nothing queues
 * without bound.
 *
 * @example
 * ```ts
 * const server = new ArenaServer({ host: IpAddress.LocalHost, port: 0, tickRate: 30 });
 * await server.start();
 * const running = server.run();
 * // … clients connect to server.tcpPort …
 * server.stop();
 * await running; // every socket is closed
 * ```
 */
export class ArenaServer {
  /** Packets and bytes through the server's sockets. */
  readonly traffic = new Traffic();
  readonly #options: ArenaServerOptions;
  readonly #listener: TcpListener;
  /** Browser players' listener (WebSocket on the web server), when there is one. */
  readonly #webListener: TcpListener | null;
  readonly #udp = new UdpSocket();
  readonly #selector = new SocketSelector();
  readonly #world: World;
  readonly #clients = new Set<Client>();
  readonly #players = new Map<number, Client>();
  readonly #report: ServerReport = {
    ...{ ticks: 0, joins: 0, leaves: 0, drops: 0, refused: 0 },
    ...{ chatsRelayed: 0, inputsApplied: 0, inputsIgnored: 0, webJoins: 0, webInputs: 0, peakClients: 0, clients: 0 },
  };
  #nextId = 1;
  #stopping = false;

  /**
   * Creates a server; nothing is opened before {@link ArenaServer.start}.
   *
   * @param options - address, port and tick rate.
   */
  constructor(options: ArenaServerOptions) {
    this.#options = options;
    this.#listener = new TcpListener(options.listener);
    this.#world = new World(options.tickRate);
    const web = options.web;
    this.#webListener = web === undefined ? null : new TcpListener({ streamTransport: new NodeWebSocketTransport({ server: web, path: '/play' }) });
  }

  /** The web server's port, where browsers load the page and connect (0 without one, or before `start`). */
  get webPort(): number {
    return this.#webListener?.getLocalPort() ?? 0;
  }

  /** The TCP port clients connect to (0 before `start`). */
  get tcpPort(): number {
    return this.#listener.getLocalPort();
  }

  /** The UDP port inputs go to (0 before `start`). */
  get udpPort(): number {
    return this.#udp.getLocalPort();
  }

  /** Connected clients, joined or not. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Listens on TCP and binds UDP, both non-blocking and in the selector.
   *
   * @returns `null` when ready; otherwise why not (the sockets are closed again).
   */
  async start(): Promise<string | null> {
    const { host, port } = this.#options;
    const listened = await this.#listener.listen(port, host);
    if (listened.status !== SocketStatus.Done) return `cannot listen on TCP ${String(host)}:${port}: ${listened.error?.message ?? listened.status}`;
    const udpPort = this.#options.udpPort ?? port;
    const bound = await this.#udp.bind(udpPort, host);
    if (bound.status !== SocketStatus.Done) {
      await this.#listener.close();
      return `cannot bind UDP ${String(host)}:${udpPort}: ${bound.error?.message ?? bound.status}`;
    }
    this.#listener.setBlocking(false);
    this.#udp.setBlocking(false);
    this.#selector.add(this.#listener);
    this.#selector.add(this.#udp);
    const web = this.#webListener;
    if (web !== null) {
      const listened = await web.listen(this.#options.webPort ?? 0, host);
      if (listened.status !== SocketStatus.Done) return `cannot listen for browsers: ${listened.error?.message ?? listened.status}`;
      web.setBlocking(false);
      this.#selector.add(web);
    }
    return null;
  }

  /**
   * Runs the tick loop until {@link ArenaServer.stop}, then closes every socket.
   *
   * @returns a Promise that settles once everything is closed.
   */
  async run(): Promise<void> {
    const ticker = new Ticker(this.#options.tickRate);
    let tickStart = performance.now();
    try {
      while (!this.#stopping) {
        await ticker.waitForTick(this.#selector, () => this.#onReady(), () => this.#stopping);
        this.#world.step();
        this.#report.ticks++;
        await this.#sendSnapshot();
        const now = performance.now();
        this.#options.onTick?.(Math.max(0, now - tickStart - ticker.takeIdleMs()));
        tickStart = now;
      }
    } finally {
      await this.#closeAll();
    }
  }

  /** Asks the loop to end after the current wait; `run()` then closes everything. */
  stop(): void {
    this.#stopping = true;
  }

  /**
   * What the server did so far.
   *
   * @returns a copy of the counters.
   */
  report(): ServerReport {
    return { ...this.#report, clients: this.#clients.size };
  }

  /** The selector woke: accept, then read every ready client, then the UDP inputs. */
  async #onReady(): Promise<void> {
    if (this.#selector.isReady(this.#listener)) await this.#acceptAll(this.#listener, false);
    const web = this.#webListener;
    if (web !== null && this.#selector.isReady(web)) await this.#acceptAll(web, true);
    for (const client of [...this.#clients]) {
      if (!this.#selector.isReady(client.socket)) continue;
      const status = await drainTcp(client.socket, (packet) => this.#onTcp(client, packet));
      if (isGone(status)) this.#drop(client, true);
    }
    if (this.#selector.isReady(this.#udp)) {
      await drainUdp(this.#udp, (packet, address, port) => this.#onInput(packet, address, port));
    }
  }

  async #acceptAll(listener: TcpListener, web: boolean): Promise<void> {
    for (let i = 0; i < 64; i++) {
      const socket = new TcpSocket();
      if ((await listener.accept(socket)).status !== SocketStatus.Done) return;
      socket.setBlocking(false);
      const client: Client = { socket, address: socket.getRemoteAddress(), id: 0, token: 0, name: '', udpAddress: null, udpPort: 0, web };
      this.#clients.add(client);
      this.#selector.add(socket);
      this.#report.peakClients = Math.max(this.#report.peakClients, this.#clients.size);
    }
  }

  async #onTcp(client: Client, packet: Packet): Promise<void> {
    this.traffic.tcp.packetsIn++;
    this.traffic.tcp.bytesIn += tcpFrameSize(packet.getDataSize());
    if (client.web && client.id !== 0 && packet.getData()[0] === Kind.Input) {
      this.#onWebInput(client, packet);
      return;
    }
    const message = decodeClient(packet);
    if (message === null || (client.id === 0) !== (message.kind === Kind.Join)) {
      this.#drop(client, true); // malformed, or a join twice, or anything before the join
      return;
    }
    await this.#handle(client, message);
  }

  async #handle(client: Client, message: ClientMessage): Promise<void> {
    switch (message.kind) {
      case Kind.Join:
        return this.#join(client, message.name);
      case Kind.Chat: {
        const relay = encodeServer({ kind: Kind.Chat, fromId: client.id, from: client.name, text: message.text.slice(0, MAX_CHAT_LENGTH) });
        const players = [...this.#players.values()];
        const sent = await Promise.all(players.map((player) => this.#send(player, relay)));
        this.#report.chatsRelayed += sent.filter(Boolean).length;
        return;
      }
      case Kind.Ping:
        await this.#send(client, encodeServer({ kind: Kind.Pong, sentAt: message.sentAt }));
        return;
      case Kind.Leave:
        this.#report.leaves++;
        this.#drop(client, false);
        return;
    }
  }

  async #join(client: Client, name: string): Promise<void> {
    const maxPlayers = this.#options.maxPlayers ?? 64;
    const reason = name.length === 0 || name.length > MAX_NAME_LENGTH ? 'bad name' : this.#players.size >= maxPlayers ? 'server full' : null;
    if (reason !== null) {
      this.#report.refused++;
      await this.#send(client, encodeServer({ kind: Kind.Refused, reason }));
      this.#remove(client);
      return;
    }
    client.id = this.#allocateId();
    client.token = randomInt(1, 0xffffffff);
    client.name = name;
    this.#players.set(client.id, client);
    this.#world.add(client.id);
    this.#report.joins++;
    if (client.web) this.#report.webJoins++;
    const { tickRate } = this.#options;
    await this.#send(client, encodeServer({ kind: Kind.Welcome, playerId: client.id, token: client.token, udpPort: this.udpPort, tickRate }));
  }

  #allocateId(): number {
    while (this.#players.has(this.#nextId)) this.#nextId = (this.#nextId % 0xffff) + 1;
    const id = this.#nextId;
    this.#nextId = (id % 0xffff) + 1;
    return id;
  }

  #onInput(packet: Packet, address: IpAddress, port: number): void {
    this.traffic.udp.packetsIn++;
    this.traffic.udp.bytesIn += packet.getDataSize();
    const input = decodeInput(packet);
    const client = input === null ? undefined : this.#players.get(input.playerId);
    const trusted = client !== undefined && input !== null && input.token === client.token && client.address?.equals(address) === true;
    if (!trusted || !this.#world.applyInput(input)) {
      this.#report.inputsIgnored++;
      return;
    }
    client.udpAddress = address;
    client.udpPort = port;
    this.#report.inputsApplied++;
  }

  /** A browser player's input, over its WebSocket: the connection is the player's, the token must match. */
  #onWebInput(client: Client, packet: Packet): void {
    const input = decodeInput(packet);
    if (input === null || input.playerId !== client.id || input.token !== client.token || !this.#world.applyInput(input)) {
      this.#report.inputsIgnored++;
      return;
    }
    this.#report.inputsApplied++;
    this.#report.webInputs++;
  }

  async #sendSnapshot(): Promise<void> {
    if (this.#world.size === 0) return;
    const packet = encodeSnapshot(this.#world.snapshot());
    const sends = [...this.#players.values()].map(async (player) => {
      const { udpAddress, udpPort } = player;
      if (player.web) return void (await this.#send(player, packet));
      if (udpAddress === null) return;
      const { status, sent } = await this.#udp.send(packet, udpAddress, udpPort);
      if (status !== SocketStatus.Done) return;
      this.traffic.udp.packetsOut++;
      this.traffic.udp.bytesOut += sent;
    });
    await Promise.all(sends);
  }

  /** Sends one message; a send that is not complete at once (or fails) drops the client. */
  async #send(client: Client, packet: Packet): Promise<boolean> {
    if (!this.#clients.has(client)) return false;
    const { status, sent } = await client.socket.send(packet);
    this.traffic.tcp.bytesOut += sent;
    if (status === SocketStatus.Done) {
      this.traffic.tcp.packetsOut++;
      return true;
    }
    this.#drop(client, true);
    return false;
  }

  /** Forgets a client; `lost` counts it as a drop (no Leave was received). */
  #drop(client: Client, lost: boolean): void {
    if (!this.#clients.has(client)) return;
    if (lost) this.#report.drops++;
    this.#remove(client);
  }

  #remove(client: Client): void {
    this.#clients.delete(client);
    this.#selector.remove(client.socket);
    client.socket.disconnect();
    if (client.id !== 0) {
      this.#players.delete(client.id);
      this.#world.remove(client.id);
    }
  }

  async #closeAll(): Promise<void> {
    for (const client of [...this.#clients]) this.#drop(client, true);
    this.#selector.clear();
    this.#webListener?.close();
    await Promise.all([this.#listener.close(), this.#udp.close()]);
  }
}
