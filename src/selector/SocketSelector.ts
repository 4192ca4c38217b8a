import type { Readiness, ReadinessListener } from '../core/Readiness.js';
import { settleablePromise, settlers } from '../core/settlers.js';
import { answerFound, answerWaited } from '../core/pacing.js';
import { Socket } from '../socket/Socket.js';
import { checkMilliseconds } from '../socket/validate.js';
import { SocketContext, type SocketOptions } from '../socket/SocketContext.js';
import { ReadinessType, type ReadyCallback } from './ReadinessType.js';

/** The longest timeout a timer can hold (about 24.8 days); `setTimeout` fires at once above it. */
const MAX_TIMEOUT_MS = 0x7fffffff;

/** Bits of what a member is watched for and ready for. */
const RECEIVE = 1;
const SEND = 2;
const BITS: Readonly<Record<ReadinessType, number>> = { [ReadinessType.Receive]: RECEIVE, [ReadinessType.Send]: SEND, [ReadinessType.Either]: RECEIVE | SEND };
const TYPES = [ReadinessType.Receive, ReadinessType.Receive, ReadinessType.Send, ReadinessType.Either] as const;

/** A socket in the selector: what it is watched for, its callback, its send readiness. */
interface Member {
  readonly socket: Socket;
  readonly watched: number;
  readonly callback: ReadyCallback | undefined;
  /** The send readiness watched (`null` when not watched for sending, or the socket never sends). */
  readonly send: Readiness | null;
}

/** One `wait` in progress: how it ends. */
interface PendingWait {
  readonly resolve: (ready: boolean) => void;
  cancelTimer: (() => void) | undefined;
  wakeQueued: boolean;
  /** A member was ready when the wait began: it settles without waiting for I/O (paced, see core/pacing). */
  immediate: boolean;
}

/**
 * Waits on many sockets at once: SFML's `sf::SocketSelector`.
 *
 * @remarks
 * Add the sockets to watch (`TcpListener`, `TcpSocket`, `UdpSocket`), `await wait()`, then ask
 * {@link SocketSelector.isReady} which ones have something for you. A ready `TcpListener` has a
 * client to `accept`; a ready `TcpSocket` has bytes to `receive`, or a close or error to report
 * (a socket whose peer disconnected stays ready, and its `receive` returns `Disconnected`, so
 * remove it); a ready `UdpSocket` has a datagram. A packet receive on a ready socket may still
 * wait for the rest of a packet that is only partly there, as in SFML; non-blocking sockets
 * answer `NotReady` instead.
 *
 * As SFML 3.1's, it also watches sending: add a socket with `ReadinessType.Send` (or `Either`)
 * and `isReady(socket, ReadinessType.Send)` says whether its output queue has room (see
 * {@link SocketSelector.add}); attach a callback to `add` and call
 * {@link SocketSelector.dispatchReadyCallbacks} after a wait instead of asking every socket.
 *
 * Readiness is level-triggered, like `select`: a socket stays ready until what it has is taken,
 * so the next `wait` returns at once while anything is left. A socket closed here (`disconnect`,
 * `close`) is not ready and can be removed at any time.
 *
 * The selector sleeps, and scales like `epoll` rather than `select`: each member tells it when it
 * becomes ready (registered once, by `add`), a `wait` sets at most one timer (through the
 * context's `Clock`), so an idle wait costs no CPU, and a wake costs in proportion to the sockets
 * that became ready, not to all members — {@link SocketSelector.readySockets} lists them without
 * a pass over every socket. It keeps strong references to its members until they are removed; it
 * never closes them.
 *
 * One `wait` at a time per selector: a second call while one is pending throws. Members can be
 * added and removed while a wait is pending; an added socket that is (or becomes) ready ends it.
 *
 * @example
 * ```ts
 * const selector = new SocketSelector();
 * selector.add(listener);
 * const clients: TcpSocket[] = [];
 * while (running) {
 *   if (!(await selector.wait(1000))) continue;
 *   if (selector.isReady(listener)) {
 *     const client = new TcpSocket();
 *     if ((await listener.accept(client)).status === SocketStatus.Done) {
 *       clients.push(client);
 *       selector.add(client);
 *     }
 *   }
 *   for (const client of clients) {
 *     if (!selector.isReady(client)) continue;
 *     const packet = new Packet();
 *     if ((await client.receive(packet)).status === SocketStatus.Done) console.log(packet.readString());
 *   }
 * }
 * ```
 */
export class SocketSelector {
  readonly #context: SocketContext;
  readonly #members = new Map<Socket, Member>();
  /** The readiness flags the members are watched through, each leading to its member. */
  readonly #flags = new Map<Readiness, Member>();
  /** Members that became ready and were not seen unready since: where a wait looks. */
  readonly #candidates = new Set<Member>();
  /** What the last wait found each ready member ready for (RECEIVE and SEND bits). */
  readonly #ready = new Map<Socket, number>();
  #pending: PendingWait | null = null;
  readonly #listener: ReadinessListener = { becameReady: (readiness) => this.#becameReady(readiness) };

  /**
   * Creates an empty selector.
   *
   * @param options - services to use instead of the defaults (only the `clock` is used, for
   *   timeouts); the container passes its own context.
   * @example
   * ```ts
   * const selector = new SocketSelector();
   * const fromContainer = container.get<SocketSelector>(Tokens.SocketSelector);
   * ```
   */
  constructor(options?: SocketOptions | SocketContext) {
    this.#context = SocketContext.from(options);
  }

  /**
   * Adds a socket to watch for receiving (the default), sending or both, with an optional
   * callback: SFML 3.1's `add`. Adding it again replaces what it is watched for and its callback.
   *
   * @remarks
   * Any socket can be added, connected or not: a `TcpSocket` that connects later is watched
   * from then on. During a pending `wait`, a socket that is already ready ends that wait.
   *
   * Ready to send means a `TcpSocket` is connected and its output queue is under the water
   * marks of its limits: it falls when the queued bytes reach `sendHighWaterMark` and rises once
   * they are back at or under `sendLowWaterMark` (see {@link TcpSocket.getQueuedBytes}). A
   * `UdpSocket` is always ready to send; a `TcpListener` never is.
   *
   * @param socket - a `TcpListener`, `TcpSocket` or `UdpSocket`.
   * @param type - what to watch it for: `Receive` (default), `Send` or `Either`.
   * @param callback - called by {@link SocketSelector.dispatchReadyCallbacks} when the last wait
   *   found the socket ready; none by default.
   * @throws TypeError when `socket` is not a socket of this SDK, `type` is not a
   *   {@link ReadinessType} or `callback` is not a function.
   * @example
   * ```ts
   * selector.add(listener);
   * selector.add(client, ReadinessType.Either, (ready) => console.log(client.getRemotePort(), 'ready for', ready));
   * ```
   */
  add(socket: Socket, type: ReadinessType = ReadinessType.Receive, callback?: ReadyCallback): void {
    checkSocket('add', socket);
    const watched = BITS[type];
    if (watched === undefined) throw new TypeError(`SocketSelector.add: ${String(type)} is not a ReadinessType`);
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError('SocketSelector.add: callback is not a function');
    const old = this.#members.get(socket);
    if (old !== undefined && old.watched === watched && old.callback === callback) return;
    this.#forget(socket);
    const send = (watched & SEND) !== 0 ? socket._sendReadiness() : null;
    const member: Member = { socket, watched, callback, send };
    this.#members.set(socket, member);
    if ((watched & RECEIVE) !== 0) this.#watch(socket.readiness, member);
    if (send !== null) this.#watch(send, member);
  }

  /**
   * Stops watching a socket; it is not closed. Removing a socket that is not in the selector
   * does nothing.
   *
   * @remarks
   * Safe at any time, including while a `wait` is pending and after the socket was closed.
   * Afterwards {@link SocketSelector.isReady} is `false` for it.
   *
   * @param socket - the socket to forget.
   * @throws TypeError when `socket` is not a socket of this SDK.
   * @example
   * ```ts
   * if ((await client.receive(packet)).status === SocketStatus.Disconnected) {
   *   selector.remove(client);
   *   client.disconnect();
   * }
   * ```
   */
  remove(socket: Socket): void {
    checkSocket('remove', socket);
    this.#forget(socket);
  }

  /**
   * Removes every socket; none is closed.
   *
   * @remarks
   * A pending `wait` goes on (with nothing to watch) until its timeout, or until a socket is
   * added and becomes ready.
   *
   * @example
   * ```ts
   * selector.clear();
   * selector.isReady(listener); // false
   * ```
   */
  clear(): void {
    for (const socket of [...this.#members.keys()]) this.#forget(socket);
  }

  /**
   * Waits until at least one socket is ready, or the timeout elapses.
   *
   * @remarks
   * When a member is already ready the Promise settles on the next microtask, without a timer.
   * Otherwise the selector sleeps until a member becomes ready (added during the wait or
   * already there) or the timeout elapses. Afterwards {@link SocketSelector.isReady} tells which
   * members were ready when the wait ended. A wait with no timeout and nothing to watch waits
   * until a socket is added and becomes ready.
   *
   * @param timeoutMs - give up after this many milliseconds; 0 (the default) waits for ever,
   *   as SFML's `Time::Zero`.
   * @returns `true` when at least one socket is ready; `false` when the timeout elapsed first
   *   (or the selector was disposed during the wait).
   * @throws (as a rejection, never thrown) TypeError when a wait is already pending on this selector, or `timeoutMs` is not a number.
   * @throws (as a rejection, never thrown) RangeError when `timeoutMs` is negative, not finite, or above 2147483647 (about 24.8 days).
   * @example
   * ```ts
   * if (await selector.wait(500)) {
   *   if (selector.isReady(socket)) await socket.receive(packet);
   * } else {
   *   console.log('nothing for half a second');
   * }
   * ```
   */
  wait(timeoutMs = 0): Promise<boolean> {
    try {
      checkMilliseconds('SocketSelector.wait', 'timeout', timeoutMs);
      if (timeoutMs > MAX_TIMEOUT_MS) {
        throw new RangeError(`SocketSelector.wait: timeout ${timeoutMs} is above ${MAX_TIMEOUT_MS} ms; use 0 to wait for ever`);
      }
      if (this.#pending !== null) {
        throw new TypeError('SocketSelector.wait: a wait is already pending on this selector; await it first');
      }
      this.#ready.clear();
      const promise = settleablePromise<boolean>();
      const pending: PendingWait = { resolve: settlers.resolve, cancelTimer: undefined, wakeQueued: false, immediate: false };
      this.#pending = pending;
      if (this.#anyReady()) {
        pending.immediate = true;
        this.#wake(pending);
      }
      else if (timeoutMs > 0) pending.cancelTimer = this.#context.clock.schedule(() => this.#settle(pending, true), timeoutMs);
      return promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Whether a socket was ready, for receiving (the default) or sending, when the last `wait`
   * ended: SFML's `isReady`.
   *
   * @remarks
   * This is the state recorded by the last `wait`, not a live check: it stays the same until
   * the next `wait` starts, except that removing a socket makes it `false`. A ready listener has
   * a client to accept; a ready socket has data, or a disconnection, to receive. Ready to send
   * is reported only for a socket added for `Send` or `Either`.
   *
   * @param socket - the socket to ask about.
   * @param type - what to ask about: `Receive` (default), `Send`, or `Either` (one or the other).
   * @returns `true` when `socket` is in the selector and the last `wait` reported it ready for `type`;
   *   `false` otherwise (also for sockets not in the selector, and while a wait is pending).
   * @throws TypeError when `socket` is not a socket of this SDK.
   * @example
   * ```ts
   * if (selector.isReady(listener)) await listener.accept(client);
   * ```
   */
  isReady(socket: Socket, type: ReadinessType = ReadinessType.Receive): boolean {
    checkSocket('isReady', socket);
    const asked = BITS[type];
    if (asked === undefined) throw new TypeError(`SocketSelector.isReady: ${String(type)} is not a ReadinessType`);
    return ((this.#ready.get(socket) ?? 0) & asked) !== 0;
  }

  /**
   * Calls the callback of every socket the last `wait` found ready, with what it was ready for:
   * SFML 3.1's `dispatchReadyCallbacks`.
   *
   * @remarks
   * Costs in proportion to the ready sockets, not to all members. The state is the last wait's,
   * so calling it twice after one wait calls the same callbacks with the same arguments, as in
   * SFML. A callback may add and remove sockets; one removed before its turn is not called. An
   * exception a callback throws stops the dispatch and propagates. A callback that starts I/O
   * (an `async` function) is not awaited.
   *
   * @example
   * ```ts
   * selector.add(client, ReadinessType.Receive, () => void client.receive(packet).then(() => handle(packet)));
   * while (running) if (await selector.wait(1000)) selector.dispatchReadyCallbacks();
   * ```
   */
  dispatchReadyCallbacks(): void {
    for (const [socket, bits] of [...this.#ready]) {
      const member = this.#members.get(socket);
      if (member?.callback !== undefined && this.#ready.has(socket)) member.callback(TYPES[bits] as ReadinessType);
    }
  }

  /**
   * The sockets the last `wait` reported ready, as {@link SocketSelector.isReady} answers them:
   * epoll's event list, for servers with many sockets, where asking each one costs a pass over all.
   *
   * @returns a new array (in the order they became ready); empty while a wait is pending.
   * @example
   * ```ts
   * for (const ready of selector.readySockets()) {
   *   if (ready === listener) await listener.accept(new TcpSocket());
   *   else if (ready instanceof TcpSocket) await ready.receive(new Packet());
   * }
   * ```
   */
  readySockets(): Socket[] {
    return [...this.#ready.keys()];
  }

  /**
   * Clears the selector at the end of a `using` block; a pending wait ends with `false`.
   *
   * @example
   * ```ts
   * { using selector = new SocketSelector(); selector.add(socket); await selector.wait(100); }
   * ```
   */
  [Symbol.dispose](): void {
    this.clear();
    const pending = this.#pending;
    if (pending !== null) this.#finish(pending, false);
  }

  /** Listens to `readiness` for `member`; a flag already up makes the member a candidate at once. */
  #watch(readiness: Readiness, member: Member): void {
    this.#flags.set(readiness, member);
    readiness.listen(this.#listener);
    if (readiness.ready) this.#becameReady(readiness);
  }

  #forget(socket: Socket): void {
    const member = this.#members.get(socket);
    if (member === undefined) return;
    this.#members.delete(socket);
    for (const readiness of [socket.readiness, member.send]) {
      if (readiness === null || this.#flags.get(readiness) !== member) continue;
      this.#flags.delete(readiness);
      readiness.unlisten(this.#listener);
    }
    this.#candidates.delete(member);
    this.#ready.delete(socket);
  }

  #anyReady(): boolean {
    for (const member of this.#candidates) if (readyBits(member) !== 0) return true;
    return false;
  }

  #becameReady(readiness: Readiness): void {
    const member = this.#flags.get(readiness);
    if (member === undefined) return;
    this.#candidates.add(member);
    const pending = this.#pending;
    if (pending !== null) this.#wake(pending);
  }

  #wake(pending: PendingWait): void {
    if (pending.wakeQueued) return;
    pending.wakeQueued = true;
    queueMicrotask(this.#wakeNow);
  }

  /**
   * The microtask {@link SocketSelector.#wake} queues (one function per selector, not a closure
   * per wake): settles the wait in progress if a wake is queued for it. One queued for a wait that
   * has ended meanwhile finds the next wait's flag down and does nothing.
   */
  readonly #wakeNow = (): void => {
    const pending = this.#pending;
    if (pending === null || !pending.wakeQueued) return;
    pending.wakeQueued = false;
    this.#settle(pending, false);
  };

  /** Ends the wait if a member is ready (or the time is up); otherwise sleeps on. */
  #settle(pending: PendingWait, timedOut: boolean): void {
    if (this.#pending !== pending) return;
    // Level-triggered: a candidate still ready is reported (again); one no longer ready is dropped
    // until its readiness rises again. Both sets are kept from wait to wait (no new ones per wait).
    const candidates = this.#candidates;
    const ready = this.#ready;
    for (const member of candidates) {
      const bits = readyBits(member);
      if (bits !== 0) ready.set(member.socket, bits);
      else candidates.delete(member);
    }
    if (ready.size === 0 && !timedOut) return;
    this.#finish(pending, ready.size > 0);
  }

  #finish(pending: PendingWait, result: boolean): void {
    this.#pending = null;
    pending.cancelTimer?.();
    // A loop of waits that each find a socket ready at once (one always ready to send) would run
    // on microtasks only and starve I/O: such answers are paced as the sockets' own are.
    if (pending.immediate && result) {
      void answerFound(true).then(pending.resolve);
      return;
    }
    answerWaited();
    pending.resolve(result);
  }
}

/** What `member` is ready for now, among what it is watched for. */
function readyBits(member: Member): number {
  const receive = (member.watched & RECEIVE) !== 0 && member.socket.readiness.ready ? RECEIVE : 0;
  return receive | (member.send?.ready === true ? SEND : 0);
}

/** Misuse check: only this SDK's sockets carry the readiness a selector watches. */
function checkSocket(method: string, socket: unknown): asserts socket is Socket {
  if (!(socket instanceof Socket)) {
    throw new TypeError(`SocketSelector.${method}: expected a TcpListener, TcpSocket or UdpSocket`);
  }
}
