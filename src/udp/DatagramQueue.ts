import type { IpAddress } from '../address/IpAddress.js';
import type { Readiness } from '../core/Readiness.js';
import type { Packet } from '../packet/Packet.js';
import type { Clock } from '../services/Clock.js';
import type { Logger } from '../services/Logger.js';
import { type AnyDatagramResult, PendingDatagram } from './PendingDatagram.js';

/**
 * One received datagram and its sender.
 *
 * @internal
 */
export interface Datagram {
  /** The datagram's bytes (possibly none). */
  readonly data: Uint8Array;
  /** The sender's address, normalised; `null` when the system gave none it could parse. */
  readonly address: IpAddress | null;
  /** The sender's port. */
  readonly port: number;
}

/** Taken slots at the front are compacted away once there are this many (and half the array). */
const COMPACT_AT = 1024;

/**
 * The inbound side of a `UdpSocket`: a bounded FIFO of datagrams and the FIFO of blocking
 * receives waiting on it.
 *
 * @remarks
 * A datagram goes straight to the oldest waiting receive; only when none waits is it queued, so
 * receives never wait while datagrams are queued. When the queue is full the oldest datagram is
 * dropped and counted: a game wants the freshest state. The owner's readiness is raised while
 * anything is queued.
 *
 * @internal
 */
export class DatagramQueue {
  readonly #items: Array<Datagram | undefined> = [];
  readonly #waiters: PendingDatagram[] = [];
  readonly #capacity: number;
  readonly #readiness: Readiness;
  readonly #logger: Logger;
  #head = 0;
  #dropped = 0;
  /** The latest blocking receive: begun again for the next one once answered. */
  #lastWait: PendingDatagram | null = null;

  constructor(capacity: number, readiness: Readiness, logger: Logger) {
    this.#capacity = capacity;
    this.#readiness = readiness;
    this.#logger = logger;
  }

  /** Datagrams queued now. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Datagrams dropped because the queue was full, since the queue was made. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Hands a datagram to the oldest waiting receive (no record is made for it then), or queues
   * it, dropping the oldest when full.
   */
  push(data: Uint8Array, address: IpAddress | null, port: number): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.deliver(data, address, port);
      return;
    }
    if (this.#capacity === 0) {
      this.#countDrop();
      return;
    }
    if (this.length >= this.#capacity) {
      this.#take();
      this.#countDrop();
    }
    this.#items.push({ data, address, port });
    this.#readiness.set(true);
  }

  /** Takes the oldest queued datagram, if any. */
  shift(): Datagram | undefined {
    const datagram = this.#take();
    this.#readiness.set(this.length > 0);
    return datagram;
  }

  /**
   * Queues a blocking receive into `target` behind the others and returns the Promise it
   * answers; the queue's last wait is begun again for it when answered. With `timeoutMs` > 0
   * (java.net's `SO_TIMEOUT`) it gives up after that long: it then settles `NotReady` with a
   * `Timeout` error and leaves the line; a packet target is left as it was.
   */
  wait(target: Packet | number, clock: Clock, timeoutMs: number): Promise<AnyDatagramResult> {
    let wait = this.#lastWait;
    if (wait === null || !wait.answered) this.#lastWait = wait = new PendingDatagram();
    const promise = wait.begin(target);
    if (timeoutMs > 0) {
      const timed = wait;
      timed.cancelTimer = clock.schedule(() => this.#timeOut(timed, timeoutMs), timeoutMs);
    }
    this.#waiters.push(wait);
    return promise;
  }

  /** `wait`'s timer fired: it leaves the line (if still in it) and is told. */
  #timeOut(wait: PendingDatagram, timeoutMs: number): void {
    const at = this.#waiters.indexOf(wait);
    if (at === -1) return;
    this.#waiters.splice(at, 1);
    wait.timedOut(timeoutMs);
  }

  /** Forgets every queued datagram (not counted as dropped) and ends every waiting receive as unbound. */
  clear(): void {
    this.#items.length = 0;
    this.#head = 0;
    this.#readiness.set(false);
    for (const waiter of this.#waiters.splice(0)) waiter.unbound();
  }

  /** Counts a drop; logs the 1st, 2nd, 4th, 8th, … so a flood cannot flood the log. */
  #countDrop(): void {
    const dropped = ++this.#dropped;
    if (Number.isInteger(Math.log2(dropped))) {
      this.#logger.warn('UdpSocket: receive queue full; oldest datagram dropped', { dropped, limit: this.#capacity });
    }
  }

  #take(): Datagram | undefined {
    if (this.length === 0) return undefined;
    const datagram = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head >= COMPACT_AT && this.#head * 2 >= this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    return datagram;
  }
}
