/**
 * A bot client: joins by TCP, plays by UDP at the tick rate, chats, pings, leaves.
 *
 * @module
 */
import { type IpAddress, Packet, SeededRandom, SocketSelector, SocketStatus, TcpSocket, UdpSocket } from '../../../src/index.js';
import { drainTcp, drainUdp, isGone } from './drain.js';
import { Kind, decodeServer, decodeSnapshot, encodeClient, encodeInput, type ServerMessage } from './protocol.js';
import { Ticker } from './Ticker.js';
import { ARENA_SIZE } from './World.js';

/** How a bot plays. */
export interface BotOptions {
  /** The name it joins with. */
  readonly name: string;
  /** The server's loopback address. */
  readonly host: IpAddress;
  /** The server's TCP port. */
  readonly port: number;
  /** Seeds the bot's wandering and chat timing, so runs are alike. */
  readonly seed: number;
  /** Leave at mid-run and join again (churn). */
  readonly churn: boolean;
  /** Called with each round trip measured (TCP ping → pong), in milliseconds. */
  readonly onRtt?: (ms: number) => void;
}

/** What a bot saw, for the summary. */
export interface BotReport {
  /** The bot's name. */
  readonly name: string;
  /** Joins welcomed. */
  joins: number;
  /** Leaves sent (each after a welcome). */
  leaves: number;
  /** Joins refused, connections failed or lost: each with why. */
  readonly problems: string[];
  /** Snapshots received by UDP. */
  snapshots: number;
  /** Inputs sent by UDP. */
  inputsSent: number;
  /** The highest input sequence the server reported applied. */
  lastAckedSeq: number;
  /** Chat lines sent. */
  chatsSent: number;
  /** Chat lines received (relayed by the server, the bot's own included). */
  chatsReceived: number;
  /** Chat lines received from other players. */
  chatsFromOthers: number;
  /** Round trips measured. */
  pongs: number;
}

/** Milliseconds between pings. */
const PING_EVERY_MS = 200;
/** How long connecting and joining may take. */
const JOIN_TIMEOUT_MS = 2000;
/** The pause between leaving and joining again, for a churning bot. */
const REJOIN_PAUSE_MS = 100;

/**
 * One simulated player, with its own non-blocking selector loop at the server's tick rate.
 *
 * @remarks
 * A session connects (blocking, bounded by a timeout), joins, binds a UDP socket on the same
 * loopback address and switches both sockets to non-blocking. Each tick it sends one input
 * steering toward a wandering target; between ticks it reads chat, pongs and snapshots. It
 * chats every 300–700 ms and pings every 200 ms. A churning bot leaves at mid-run and joins
 * again; every session ends with a Leave and closes both sockets.
 *
 * @example
 * ```ts
 * const bot = new Bot({ name: 'bot-1', host: IpAddress.LocalHost, port, seed: 1, churn: false });
 * const report = await bot.run(performance.now() + 5000);
 * console.log(report.snapshots, report.chatsReceived);
 * ```
 */
export class Bot {
  readonly #options: BotOptions;
  readonly #report: BotReport;
  #random: () => number;
  #x = ARENA_SIZE / 2;
  #y = ARENA_SIZE / 2;
  #target = { x: 0, y: 0 };

  /**
   * Creates a bot; nothing is opened before {@link Bot.run}.
   *
   * @param options - name, server and behaviour.
   */
  constructor(options: BotOptions) {
    this.#options = options;
    this.#report = {
      ...{ name: options.name, joins: 0, leaves: 0, problems: [], snapshots: 0, inputsSent: 0 },
      ...{ lastAckedSeq: 0, chatsSent: 0, chatsReceived: 0, chatsFromOthers: 0, pongs: 0 },
    };
    // A seeded source: bots wander alike from run to run.
    const random = new SeededRandom(options.seed);
    this.#random = () => random.next();
    this.#pickTarget();
  }

  /**
   * Plays until `endAt` (a `performance.now()` time) or until `signal` aborts, then leaves.
   *
   * @param endAt - when to leave.
   * @param signal - ends the run early (Ctrl-C).
   * @returns what the bot saw; every socket it opened is closed.
   */
  async run(endAt: number, signal?: AbortSignal): Promise<BotReport> {
    const stop = (): boolean => signal?.aborted === true;
    if (this.#options.churn) {
      const middle = (performance.now() + endAt) / 2;
      await this.#session(middle, stop);
      await sleep(REJOIN_PAUSE_MS);
    }
    if (!stop() && performance.now() < endAt) await this.#session(endAt, stop);
    return this.#report;
  }

  /** One connection: join, play until `endAt`, leave; both sockets are closed at the end. */
  async #session(endAt: number, stop: () => boolean): Promise<void> {
    const tcp = new TcpSocket();
    const udp = new UdpSocket();
    const selector = new SocketSelector();
    try {
      const welcome = await this.#join(tcp);
      if (welcome === null) return;
      const bound = await udp.bind(0, this.#options.host);
      if (bound.status !== SocketStatus.Done) {
        this.#problem(`UDP bind: ${bound.status}`);
        return;
      }
      tcp.setBlocking(false);
      udp.setBlocking(false);
      selector.add(tcp);
      selector.add(udp);
      const stayed = await this.#play({ tcp, udp, selector, welcome, lost: false }, () => stop() || performance.now() >= endAt);
      if (stayed && (await tcp.send(encodeClient({ kind: Kind.Leave }))).status === SocketStatus.Done) this.#report.leaves++;
    } finally {
      selector.clear();
      tcp.disconnect();
      await udp.close();
    }
  }

  /** Connects and joins (blocking, with timeouts). */
  async #join(tcp: TcpSocket): Promise<Welcome | null> {
    const { host, port, name } = this.#options;
    const connected = await tcp.connect(host, port, JOIN_TIMEOUT_MS);
    if (connected.status !== SocketStatus.Done) return this.#problem(`connect: ${connected.error?.kind ?? connected.status}`);
    tcp.setSoTimeout(JOIN_TIMEOUT_MS);
    if ((await tcp.send(encodeClient({ kind: Kind.Join, name }))).status !== SocketStatus.Done) return this.#problem('join: send failed');
    const reply = new Packet();
    const received = await tcp.receive(reply);
    const message = received.status === SocketStatus.Done ? decodeServer(reply) : null;
    if (message?.kind === Kind.Refused) return this.#problem(`refused: ${message.reason}`);
    if (message?.kind !== Kind.Welcome) return this.#problem(`join: no welcome (${received.status})`);
    this.#report.joins++;
    return message;
  }

  /**
   * The tick loop of one session.
   *
   * @returns `true` when the bot is still connected (so it leaves), `false` when the server went.
   */
  async #play(session: Session, done: () => boolean): Promise<boolean> {
    const ticker = new Ticker(session.welcome.tickRate);
    let seq = 0;
    let nextPing = performance.now();
    let nextChat = performance.now();
    while (!done() && !session.lost) {
      await ticker.waitForTick(session.selector, () => this.#onReady(session), () => done() || session.lost);
      if (session.lost || done()) break;
      await this.#sendInput(session, ++seq);
      const now = performance.now();
      if (now >= nextPing) {
        nextPing = now + PING_EVERY_MS;
        await this.#sendTcp(session, encodeClient({ kind: Kind.Ping, sentAt: now }));
      }
      if (now >= nextChat) {
        nextChat = now + 300 + this.#random() * 400;
        if (await this.#sendTcp(session, encodeClient({ kind: Kind.Chat, text: `${this.#options.name} at (${this.#x.toFixed(0)}, ${this.#y.toFixed(0)})` }))) {
          this.#report.chatsSent++;
        }
      }
    }
    return !session.lost;
  }

  async #onReady(session: Session): Promise<void> {
    if (session.selector.isReady(session.tcp)) {
      const status = await drainTcp(session.tcp, (packet) => this.#onServerMessage(session, decodeServer(packet)));
      if (isGone(status)) this.#lose(session, `server closed the connection (${status})`);
    }
    if (session.selector.isReady(session.udp)) {
      await drainUdp(session.udp, (packet) => this.#onSnapshot(session, packet));
    }
  }

  #onServerMessage(session: Session, message: ServerMessage | null): void {
    if (message?.kind === Kind.Chat) {
      this.#report.chatsReceived++;
      if (message.fromId !== session.welcome.playerId) this.#report.chatsFromOthers++;
    } else if (message?.kind === Kind.Pong) {
      this.#report.pongs++;
      this.#options.onRtt?.(performance.now() - message.sentAt);
    } else {
      this.#lose(session, `unexpected message ${message?.kind ?? 'malformed'}`);
    }
  }

  #onSnapshot(session: Session, packet: Packet): void {
    const snapshot = decodeSnapshot(packet);
    if (snapshot === null) return;
    this.#report.snapshots++;
    const me = snapshot.players.find((player) => player.id === session.welcome.playerId);
    if (me === undefined) return;
    this.#x = me.x;
    this.#y = me.y;
    this.#report.lastAckedSeq = Math.max(this.#report.lastAckedSeq, me.lastSeq);
  }

  /** Steers toward the target (a new one once reached) and sends the input. */
  async #sendInput(session: Session, seq: number): Promise<void> {
    let dx = this.#target.x - this.#x;
    let dy = this.#target.y - this.#y;
    const distance = Math.hypot(dx, dy);
    if (distance < 2) this.#pickTarget();
    dx = distance > 0 ? dx / distance : 0;
    dy = distance > 0 ? dy / distance : 0;
    const { playerId, token, udpPort } = session.welcome;
    const result = await session.udp.send(encodeInput({ playerId, token, seq, dx, dy }), this.#options.host, udpPort);
    if (result.status === SocketStatus.Done) this.#report.inputsSent++;
  }

  /** Sends on TCP; anything but `Done` ends the session (no queue grows behind a slow socket). */
  async #sendTcp(session: Session, packet: Packet): Promise<boolean> {
    const { status } = await session.tcp.send(packet);
    if (status !== SocketStatus.Done) this.#lose(session, `TCP send: ${status}`);
    return status === SocketStatus.Done;
  }

  #lose(session: Session, why: string): void {
    if (session.lost) return;
    session.lost = true;
    this.#report.problems.push(why);
  }

  #problem(why: string): null {
    this.#report.problems.push(why);
    return null;
  }

  #pickTarget(): void {
    this.#target = { x: this.#random() * ARENA_SIZE, y: this.#random() * ARENA_SIZE };
  }
}

/** The welcome a session plays with. */
type Welcome = Extract<ServerMessage, { kind: Kind.Welcome }>;

/** One connection's sockets and state. */
interface Session {
  readonly tcp: TcpSocket;
  readonly udp: UdpSocket;
  readonly selector: SocketSelector;
  readonly welcome: Welcome;
  lost: boolean;
}


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
