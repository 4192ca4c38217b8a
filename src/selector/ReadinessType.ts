/**
 * What a {@link SocketSelector} watches a socket for, and what a ready callback is told: SFML
 * 3.1's `sf::SocketSelector::ReadinessType`.
 *
 * @example
 * ```ts
 * selector.add(client, ReadinessType.Either, (ready) => {
 *   if (ready !== ReadinessType.Send) void client.receive(new Packet());
 * });
 * ```
 */
export enum ReadinessType {
  /**
   * Something to receive: data, a pending client on a listener, a datagram, or a close or error to report.
   *
   * @example
   * ```ts
   * selector.add(listener, ReadinessType.Receive);
   * ```
   */
  Receive = 'Receive',
  /**
   * Room to send: a `TcpSocket` connected with its output queue under the water marks (a
   * `UdpSocket` always; a `TcpListener` never).
   *
   * @example
   * ```ts
   * selector.add(client, ReadinessType.Send);
   * ```
   */
  Send = 'Send',
  /**
   * Either of the two: watch for both; a ready callback gets it when the socket is ready for both.
   *
   * @example
   * ```ts
   * selector.add(client, ReadinessType.Either);
   * ```
   */
  Either = 'Either',
}

/**
 * A callback {@link SocketSelector.dispatchReadyCallbacks} calls for a ready socket, with what it
 * is ready for (`Receive`, `Send`, or `Either` when both).
 *
 * @example
 * ```ts
 * const onReady: ReadyCallback = (ready) => console.log('ready for', ready);
 * selector.add(socket, ReadinessType.Receive, onReady);
 * ```
 */
export type ReadyCallback = (ready: ReadinessType) => void;
