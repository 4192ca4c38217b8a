/**
 * What went wrong, in words a program can switch on.
 *
 * @example
 * ```ts
 * if (result.error?.kind === 'Refused') console.log('nobody listens on that port');
 * ```
 */
export type SocketErrorKind =
  /** The peer refused the connection (`ECONNREFUSED`). */
  | 'Refused'
  /** The connection was reset or aborted (`ECONNRESET`, `EPIPE`, `ECONNABORTED`). */
  | 'Reset'
  /** A connect or receive timeout elapsed (`ETIMEDOUT`). */
  | 'Timeout'
  /** No route to the host or network (`EHOSTUNREACH`, `ENETUNREACH`, `EADDRNOTAVAIL`). */
  | 'Unreachable'
  /** The local address or port is taken (`EADDRINUSE`). */
  | 'AddressInUse'
  /** The system denied the operation (`EACCES`, `EPERM`), e.g. a privileged port. */
  | 'AccessDenied'
  /** A host name could not be resolved. */
  | 'Resolve'
  /** The SecurityManager denied the operation (see `SecurityError`). */
  | 'Security'
  /** The peer broke the protocol, e.g. a packet size above the limit. */
  | 'Protocol'
  /** A datagram or packet is larger than the transport can carry. */
  | 'TooLarge'
  /** TLS: the peer's certificate chains to no trusted authority (unknown CA, self-signed). */
  | 'CertificateUntrusted'
  /** TLS: the peer's certificate has expired or is not valid yet. */
  | 'CertificateExpired'
  /** TLS: the peer's certificate does not name the host connected to. */
  | 'HostnameMismatch'
  /** TLS: the handshake failed for another reason (no common version or cipher, an alert, not TLS at all). */
  | 'TlsProtocol'
  /** Any other system error; `code` keeps the system's name for it. */
  | 'System';

/**
 * Options for {@link SocketError}.
 *
 * @example
 * ```ts
 * new SocketError('Refused', 'connect 127.0.0.1:9 refused', { code: 'ECONNREFUSED', syscall: 'connect' });
 * ```
 */
export interface SocketErrorOptions {
  /**
   * The system error code, e.g. `'ECONNREFUSED'`.
   *
   * @example
   * ```ts
   * new SocketError('Reset', 'connection reset by peer', { code: 'ECONNRESET' });
   * ```
   */
  readonly code?: string | undefined;
  /**
   * The numeric errno, when the system gave one.
   *
   * @example
   * ```ts
   * new SocketError('Reset', 'connection reset by peer', { code: 'ECONNRESET', errno: -104 });
   * ```
   */
  readonly errno?: number | undefined;
  /**
   * The system call that failed, e.g. `'connect'`.
   *
   * @example
   * ```ts
   * new SocketError('Refused', 'connect 127.0.0.1:9 refused', { syscall: 'connect' });
   * ```
   */
  readonly syscall?: string | undefined;
  /**
   * The underlying error.
   *
   * @example
   * ```ts
   * new SocketError('System', 'listen failed', { cause: new Error('EMFILE') });
   * ```
   */
  readonly cause?: unknown;
}

/** The brand every `SocketError` carries: a `Symbol.for` key, so two copies of the package recognise each other's errors. */
const BRAND = Symbol.for('sfnet/SocketError');

/**
 * The typed error carried by a result whose status is {@link SocketStatus.Error}.
 *
 * @remarks
 * It is returned, not thrown: the SDK reports network failures as statuses. It keeps the
 * system code (`code`, `errno`, `syscall`) of the failure it describes and chains the original
 * error as `cause`.
 *
 * @example
 * ```ts
 * const result = await socket.connect(IpAddress.LocalHost, 9);
 * if (result.status === SocketStatus.Error && SocketError.is(result.error)) {
 *   console.log(result.error.kind, result.error.code); // 'Refused' 'ECONNREFUSED'
 * }
 * ```
 */
export class SocketError extends Error {
  /**
   * What went wrong, as a closed set of words.
   *
   * @example
   * ```ts
   * if (result.error?.kind === 'Timeout') console.log('no answer, try again later');
   * ```
   */
  readonly kind: SocketErrorKind;
  /**
   * The system error code (`'ECONNRESET'`, …), or `undefined` when the SDK detected it.
   *
   * @example
   * ```ts
   * console.log(result.error?.code); // 'ECONNREFUSED'
   * ```
   */
  readonly code: string | undefined;
  /**
   * The numeric errno, or `undefined`.
   *
   * @example
   * ```ts
   * console.log(result.error?.errno); // -111 on Linux for ECONNREFUSED
   * ```
   */
  readonly errno: number | undefined;
  /**
   * The failed system call, or `undefined`.
   *
   * @example
   * ```ts
   * console.log(result.error?.syscall); // 'connect'
   * ```
   */
  readonly syscall: string | undefined;

  /**
   * Creates an error of the given kind.
   *
   * @param kind - what went wrong.
   * @param message - a sentence for people.
   * @param options - system code, errno, syscall and cause.
   *
   * @example
   * ```ts
   * const error = new SocketError('Protocol', 'packet of 9 MB exceeds the 4 MB limit');
   * ```
   */
  constructor(kind: SocketErrorKind, message: string, options: SocketErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SocketError';
    this.kind = kind;
    this.code = options.code;
    this.errno = options.errno;
    this.syscall = options.syscall;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Tells whether a value is a `SocketError` (or a subclass such as `SecurityError`).
   *
   * @remarks
   * It reads a `Symbol.for` brand rather than the prototype chain, so an error made by another
   * copy of the package (two versions in one `node_modules`) is recognised too; `instanceof`
   * is not.
   *
   * @param value - anything.
   * @returns `true` when `value` is a `SocketError`.
   *
   * @example
   * ```ts
   * if (SocketError.is(result.error)) console.log(result.error.code);
   * ```
   */
  static is(value: unknown): value is SocketError {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}
