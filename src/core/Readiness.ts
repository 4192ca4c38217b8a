/**
 * A socket's "something to report" flag, watched by a `SocketSelector`.
 *
 * @remarks
 * Sockets set it when a whole packet or any bytes are queued, a client is pending, a datagram
 * arrived, or a close or error waits to be reported, and clear it when that has been taken.
 * Listeners (the selectors the socket is in, registered once when it is added) are told of
 * every rise from not-ready to ready, so a selector sleeps on these signals and one timer instead
 * of polling, and a wake costs in proportion to the sockets that became ready, not to all members.
 *
 * @internal
 */
export class Readiness {
  #ready = false;
  // The selectors this socket is in: usually none or one, so one field; an array only for more.
  #listeners: ReadinessListener | ReadinessListener[] | null = null;

  /** Whether the owner has something to report now. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Sets the flag; a rise to ready tells every listener. */
  set(ready: boolean): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    const listeners = this.#listeners;
    if (!ready || listeners === null) return;
    if (Array.isArray(listeners)) for (const listener of listeners) listener.becameReady(this);
    else listeners.becameReady(this);
  }

  /** Tells `listener` of each rise to ready until {@link Readiness.unlisten}. */
  listen(listener: ReadinessListener): void {
    const listeners = this.#listeners;
    if (listeners === null) this.#listeners = listener;
    else if (Array.isArray(listeners)) listeners.push(listener);
    else this.#listeners = [listeners, listener];
  }

  /** Stops telling `listener`. */
  unlisten(listener: ReadinessListener): void {
    const listeners = this.#listeners;
    if (listeners === listener) this.#listeners = null;
    else if (Array.isArray(listeners)) {
      const rest = listeners.filter((other) => other !== listener);
      this.#listeners = rest.length === 1 ? (rest[0] as ReadinessListener) : rest;
    }
  }
}

/**
 * What a {@link Readiness} tells of a rise to ready: a `SocketSelector` the socket is in.
 *
 * @internal
 */
export interface ReadinessListener {
  /** `readiness` just became ready. */
  becameReady(readiness: Readiness): void;
}

/**
 * Something a `SocketSelector` can watch: a `TcpSocket`, `TcpListener` or `UdpSocket`.
 *
 * @internal
 */
export interface Selectable {
  /** The owner's readiness flag. */
  readonly readiness: Readiness;
}
