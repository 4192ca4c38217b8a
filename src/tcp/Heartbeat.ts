import { SocketError } from '../core/SocketError.js';
import type { Clock } from '../services/Clock.js';

/**
 * How often a heartbeat is sent and how long silence is tolerated: Socket.IO's `pingInterval`
 * and `pingTimeout`.
 *
 * @example
 * ```ts
 * const options: HeartbeatOptions = { intervalMs: 5000, timeoutMs: 5000 };
 * socket.setHeartbeat(options.intervalMs, options.timeoutMs);
 * ```
 */
export interface HeartbeatOptions {
  /**
   * Milliseconds between two heartbeats sent to the peer.
   *
   * @example
   * ```ts
   * socket.getHeartbeat()?.intervalMs; // 5000
   * ```
   */
  readonly intervalMs: number;
  /**
   * Milliseconds of silence tolerated on top of `intervalMs`: nothing at all received for
   * `intervalMs + timeoutMs` means the peer is gone.
   *
   * @example
   * ```ts
   * socket.getHeartbeat()?.timeoutMs; // 5000
   * ```
   */
  readonly timeoutMs: number;
}

/**
 * What a {@link Heartbeat} drives: the connection it keeps an eye on.
 *
 * @remarks
 * The seam between the timing (this file) and the wire: a `TcpSocket` sends an empty SFML frame
 * and drops the connection; a WebSocket connection can send its own ping frame (whose pong, like
 * any message, counts as heard) without changing the timing.
 *
 * @example
 * ```ts
 * // What a WebSocket connection would do: its own ping frame, and a hard close.
 * const link = {
 *   ping: (): void => console.log('ping frame sent'),
 *   expire: (error: SocketError): void => console.log('terminated:', error.kind), // 'Timeout'
 * };
 * ```
 */
export interface HeartbeatLink {
  /**
   * Sends one heartbeat to the peer now, when it can go without cutting into other output.
   *
   * @example
   * ```ts
   * const link = { ping: (): void => void connection.write(new Uint8Array(4)), expire: (): void => connection.destroy() };
   * ```
   */
  ping(): void;
  /**
   * Nothing was heard for `intervalMs + timeoutMs`: drop the connection and report `error`.
   *
   * @example
   * ```ts
   * const link = { ping: (): void => undefined, expire: (error: SocketError): void => console.log(error.kind) }; // 'Timeout'
   * ```
   */
  expire(error: SocketError): void;
  /**
   * Optional: whether this end is not reading by choice now (flow control: its input queue is
   * full): silence is then not the peer's, and the clock of silence starts again.
   *
   * @example
   * ```ts
   * const link = { ping: (): void => undefined, expire: (): void => undefined, holding: (): boolean => false };
   * ```
   */
  holding?(): boolean;
}

/**
 * The timing of an opt-in heartbeat on one connection: a ping every `intervalMs`, and the
 * connection declared dead after `intervalMs + timeoutMs` with nothing received.
 *
 * @remarks
 * Two timers through the injected `Clock`, and one number written per received chunk
 * ({@link Heartbeat.heard}): the silence timer is not reset per chunk, it looks at the time last
 * heard when it fires and sleeps for the rest. Past the deadline it looks once more after the
 * event loop has polled for I/O, so a process that was itself too busy to read does not blame the
 * peer. So a dead peer is found between `intervalMs + timeoutMs` and that plus a timer's lateness
 * after the last byte it sent.
 *
 * @internal
 */
export class Heartbeat {
  readonly #link: HeartbeatLink;
  readonly #clock: Clock;
  readonly #interval: number;
  readonly #deadline: number;
  #lastHeard: number;
  #cancelPing: (() => void) | undefined;
  #cancelCheck: (() => void) | undefined;
  /** The deadline passed once: the verdict waits for one more turn of the event loop. */
  #confirming = false;

  constructor(link: HeartbeatLink, clock: Clock, options: HeartbeatOptions) {
    this.#link = link;
    this.#clock = clock;
    this.#interval = options.intervalMs;
    this.#deadline = options.intervalMs + options.timeoutMs;
    this.#lastHeard = clock.now();
    this.#cancelPing = clock.schedule(this.#ping, this.#interval);
    this.#cancelCheck = clock.schedule(this.#check, this.#deadline);
  }

  /** Something arrived from the peer. */
  heard(): void {
    this.#lastHeard = this.#clock.now();
  }

  /** Stops both timers (the connection closed). */
  stop(): void {
    this.#cancelPing?.();
    this.#cancelCheck?.();
    this.#cancelPing = this.#cancelCheck = undefined;
  }

  readonly #ping = (): void => {
    this.#link.ping();
    this.#cancelPing = this.#clock.schedule(this.#ping, this.#interval);
  };

  readonly #check = (): void => {
    if (this.#link.holding?.() === true) this.heard();
    const silence = this.#clock.now() - this.#lastHeard;
    if (silence < this.#deadline) {
      this.#confirming = false;
      this.#cancelCheck = this.#clock.schedule(this.#check, this.#deadline - silence);
      return;
    }
    if (!this.#confirming) {
      // Once more after the event loop has polled for I/O: when this process itself was busy past
      // the deadline, what the peer sent meanwhile waits in the system and is read first.
      this.#confirming = true;
      this.#cancelCheck = this.#clock.schedule(this.#check, 0);
      return;
    }
    this.stop();
    this.#link.expire(new SocketError('Timeout', `heartbeat: nothing received from the peer for ${Math.round(silence)} ms (limit ${this.#deadline} ms)`, { code: 'ETIMEDOUT' }));
  };
}
