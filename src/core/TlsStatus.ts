import type { SocketError } from './SocketError.js';

/**
 * Where the TLS upgrade of a connected `TcpSocket` stands: SFML 3.1's `sf::TcpSocket::TlsStatus`.
 *
 * @remarks
 * Returned by `TcpSocket.setupTlsClient` and `setupTlsServer`. In blocking mode the call resolves
 * with `HandshakeComplete` or `Error`; in non-blocking mode the first call starts the handshake and
 * answers `HandshakeStarted` at once, and the game loop calls again each tick until it answers
 * `HandshakeComplete` (or `Error`), as SFML 3.1 documents.
 *
 * @example
 * ```ts
 * socket.setBlocking(false);
 * let result = await socket.setupTlsClient('game.example.com');
 * while (result.status === TlsStatus.HandshakeStarted) {
 *   await new Promise((tick) => setTimeout(tick, 16)); // one frame of the game loop
 *   result = await socket.setupTlsClient('game.example.com');
 * }
 * if (result.status !== TlsStatus.HandshakeComplete) console.error('TLS failed:', result.error?.kind);
 * ```
 */
export enum TlsStatus {
  /**
   * The socket is not connected (or stopped being connected before the handshake ended): connect
   * first, then call again.
   *
   * @example
   * ```ts
   * if ((await new TcpSocket().setupTlsClient('localhost')).status === TlsStatus.NotConnected) console.log('connect first');
   * ```
   */
  NotConnected = 'NotConnected',
  /**
   * Non-blocking mode: the handshake is under way; call again later.
   *
   * @example
   * ```ts
   * if ((await socket.setupTlsClient('localhost')).status === TlsStatus.HandshakeStarted) console.log('next tick');
   * ```
   */
  HandshakeStarted = 'HandshakeStarted',
  /**
   * The handshake completed: from now on everything sent and received is encrypted.
   *
   * @example
   * ```ts
   * if ((await socket.setupTlsClient('localhost')).status === TlsStatus.HandshakeComplete) console.log(socket.getCurrentCiphersuiteName());
   * ```
   */
  HandshakeComplete = 'HandshakeComplete',
  /**
   * The handshake or the verification failed; `error.kind` says why (`CertificateUntrusted`,
   * `CertificateExpired`, `HostnameMismatch`, `TlsProtocol`, `Timeout`). The connection is closed:
   * connect again to retry, as SFML 3.1 asks. There is never a fallback to plaintext.
   *
   * @example
   * ```ts
   * const { status, error } = await socket.setupTlsClient('localhost');
   * if (status === TlsStatus.Error) console.error(error?.kind);
   * ```
   */
  Error = 'Error',
}

/**
 * The outcome of `TcpSocket.setupTlsClient` / `setupTlsServer`.
 *
 * @example
 * ```ts
 * const result: TlsResult = await socket.setupTlsClient('localhost');
 * if (result.status === TlsStatus.Error) console.error(result.error?.message);
 * ```
 */
export interface TlsResult {
  /** Where the upgrade stands. */
  readonly status: TlsStatus;
  /** Why it failed, with `status` `Error`. */
  readonly error?: SocketError | undefined;
}
