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
  /**
   * The operation completed: everything was sent, or something was received.
   *
   * @example
   * ```ts
   * if ((await socket.send(packet)).status === SocketStatus.Done) console.log('sent');
   * ```
   */
  Done = 'Done',
  /**
   * Non-blocking mode: nothing could be done now (no data queued, no pending client, output full).
   *
   * @example
   * ```ts
   * socket.setBlocking(false);
   * if ((await socket.receive(packet)).status === SocketStatus.NotReady) console.log('nothing yet');
   * ```
   */
  NotReady = 'NotReady',
  /**
   * Non-blocking send: only part of the data was handed to the system; send again to continue.
   *
   * @example
   * ```ts
   * let sending = await socket.send(packet);
   * while (sending.status === SocketStatus.Partial) sending = await socket.send(packet);
   * ```
   */
  Partial = 'Partial',
  /**
   * The peer closed the connection (or it was closed here); nothing more will arrive.
   *
   * @example
   * ```ts
   * if ((await client.receive(packet)).status === SocketStatus.Disconnected) selector.remove(client);
   * ```
   */
  Disconnected = 'Disconnected',
  /**
   * The operation failed; the result's `error` says why, with the system code.
   *
   * @example
   * ```ts
   * const { status, error } = await socket.connect(IpAddress.LocalHost, 9);
   * if (status === SocketStatus.Error) console.error(error?.kind, error?.code);
   * ```
   */
  Error = 'Error',
}
