/**
 * A socket's "something to report" flag, watched by a `SocketSelector`.
 *
 * @remarks
 * Sockets set it when a whole packet or any bytes are queued, a client is pending, a datagram
 * arrived, or a close or error waits to be reported, and clear it when that has been taken.
 * Watchers are called on every rise from not-ready to ready, so a selector sleeps on these
 * signals and one timer instead of polling.
 *
 * @internal
 */
export class Readiness {
  #ready = false;
  /** Made by the first `watch`: a socket no selector ever watched holds no set. */
  #watchers: Set<() => void> | null = null;

  /** Whether the owner has something to report now. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Sets the flag; a rise to ready wakes every watcher. */
  set(ready: boolean): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    if (ready && this.#watchers !== null) for (const watcher of this.#watchers) watcher();
  }

  /** Calls `watcher` on each rise to ready until the returned function is called. */
  watch(watcher: () => void): () => void {
    const watchers = (this.#watchers ??= new Set());
    watchers.add(watcher);
    return () => watchers.delete(watcher);
  }
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
