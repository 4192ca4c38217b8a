/**
 * The outcome of a socket operation: the closed set SFML's `sf::Socket::Status` uses.
 *
 * @remarks
 * Every I/O method of the SDK returns one of these inside its result object instead of
 * throwing. Network failures are statuses; only programming mistakes throw.
 *
 * @example
 * ```ts
 * const result = await socket.receive(packet);
 * switch (result.status) {
 *   case SocketStatus.Done: handle(packet); break;
 *   case SocketStatus.NotReady: break; // non-blocking: nothing yet, try next tick
 *   case SocketStatus.Partial: break; // only from send
 *   case SocketStatus.Disconnected: dropClient(); break;
 *   case SocketStatus.Error: console.error(result.error?.code); break;
 * }
 * ```
 */
export enum SocketStatus {
  /** The operation completed: everything was sent, or something was received. */
  Done = 'Done',
  /** Non-blocking mode: nothing could be done now (no data queued, no pending client, output full). */
  NotReady = 'NotReady',
  /** Non-blocking send: only part of the data was handed to the system; send again to continue. */
  Partial = 'Partial',
  /** The peer closed the connection (or it was closed here); nothing more will arrive. */
  Disconnected = 'Disconnected',
  /** The operation failed; the result's `error` says why, with the system code. */
  Error = 'Error',
}
