/**
 * PEM text (or its bytes); a list where several are allowed.
 *
 * @example
 * ```ts
 * const ca: Pem = readFileSync('ca.pem', 'utf8');
 * ```
 */
export type Pem = string | Uint8Array;

/**
 * How a TLS client connects: whom to trust, what to present, what to ask for.
 *
 * @remarks
 * Verification is on by default: the server's certificate must chain to a trusted authority
 * (`ca`, else the system's list) and name the host connected to (the name asked for, else the
 * address). A failure is an `Error` status whose `SocketError` kind says why
 * (`CertificateUntrusted`, `CertificateExpired`, `HostnameMismatch`, `TlsProtocol`); the SDK
 * never falls back to plaintext.
 *
 * @example
 * ```ts
 * const options: TlsClientOptions = { ca: readFileSync('ca.pem', 'utf8'), alpn: ['game/1'] };
 * ```
 */
export interface TlsClientOptions {
  /** Authorities to trust instead of the system's list. */
  readonly ca?: Pem | readonly Pem[];
  /** The name to send as SNI and to verify the certificate against, instead of the host connected to. */
  readonly serverName?: string;
  /** A client certificate (chain) to present when the server asks for one. */
  readonly cert?: Pem | readonly Pem[];
  /** The client certificate's private key. */
  readonly key?: Pem;
  /** The key's passphrase. */
  readonly passphrase?: string;
  /** Application protocols to offer by ALPN, in preference order. */
  readonly alpn?: readonly string[];
  /** The oldest protocol version accepted (default `'TLSv1.2'`). */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /**
   * DANGEROUS: `false` accepts any certificate, so anyone on the path can read and change the
   * traffic. Only for tests against a throw-away certificate; default `true`.
   */
  readonly verifyPeer?: boolean;
  /**
   * When a connected socket is upgraded (`TcpSocket.setupTlsClient`), a handshake not finished
   * after this many milliseconds fails with a `Timeout` error (default 10,000). A connect with TLS
   * is bounded by the connect's own time-out instead.
   */
  readonly handshakeTimeoutMs?: number;
}

/**
 * How a TLS server presents itself and what it asks of clients.
 *
 * @example
 * ```ts
 * const options: TlsServerOptions = { certChain: readFileSync('server.pem', 'utf8'), key: readFileSync('server.key', 'utf8') };
 * ```
 */
export interface TlsServerOptions {
  /** The server's certificate, then its intermediates (PEM). */
  readonly certChain: Pem | readonly Pem[];
  /** The private key. */
  readonly key: Pem;
  /** The key's passphrase. */
  readonly passphrase?: string;
  /** Ask clients for a certificate (verified against `ca`); `'require'` refuses clients without one. */
  readonly clientCertificate?: 'none' | 'request' | 'require';
  /** Authorities client certificates must chain to (default: the system's list). */
  readonly ca?: Pem | readonly Pem[];
  /** Application protocols accepted by ALPN, in preference order. */
  readonly alpn?: readonly string[];
  /** The oldest protocol version accepted (default `'TLSv1.2'`). */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** The newest protocol version offered (default `'TLSv1.3'`). */
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** A client that has not finished its handshake after this many milliseconds is dropped (default 10,000). */
  readonly handshakeTimeoutMs?: number;
}

/**
 * Which side of a TLS handshake a connected stream takes when it is upgraded, and with what options.
 *
 * @remarks
 * What `TcpSocket.setupTlsClient` / `setupTlsServer` hand to `StreamConnection.startTls`.
 * The client's `serverName` is always set: it is sent as SNI and verified.
 *
 * @example
 * ```ts
 * const upgrade: TlsUpgrade = { role: 'client', options: { serverName: 'localhost', ca } };
 * ```
 */
export type TlsUpgrade =
  | {
      /** This end is the TLS client. */
      readonly role: 'client';
      /** How to verify the server and what to present. */
      readonly options: TlsClientOptions & {
        /** The name sent as SNI and verified against the certificate. */
        readonly serverName: string;
      };
    }
  | {
      /** This end is the TLS server. */
      readonly role: 'server';
      /** The certificate to present and what to ask of the client. */
      readonly options: TlsServerOptions;
    };
