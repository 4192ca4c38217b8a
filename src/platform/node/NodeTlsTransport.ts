import { connect as tlsConnect, createServer, type ConnectionOptions, type TLSSocket, type TlsOptions } from 'node:tls';
import { SocketError } from '../../core/SocketError.js';
import type { TlsClientOptions, TlsServerOptions } from '../../transport/TlsOptions.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../transport/StreamTransport.js';
import { NodeTlsConnection } from './NodeTlsConnection.js';
import { toSocketError } from './systemErrors.js';

/** Buffers for node:tls from PEM text or bytes. */
function pems(value: string | Uint8Array | readonly (string | Uint8Array)[] | undefined): Array<string | Buffer> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as readonly (string | Uint8Array)[]) : [value as string | Uint8Array];
  return list.map((pem) => (typeof pem === 'string' ? pem : Buffer.from(pem)));
}

/**
 * TLS over `node:tls`, behind the same stream interface as plain TCP: give it to a `TcpSocket`
 * to connect with TLS in one call, or to a `TcpListener` to accept TLS clients.
 *
 * @remarks
 * `connect` resolves only once the handshake completed and the server's certificate was verified
 * (unless `verifyPeer: false`, which is dangerous); a listener hands out only connections whose
 * handshake completed, and drops clients whose handshake fails or stalls past
 * `handshakeTimeoutMs`. Failures are `SocketError`s whose kind says why:
 * `CertificateUntrusted`, `CertificateExpired`, `HostnameMismatch`, `TlsProtocol` — never a
 * plaintext fallback. The security manager is asked before the first byte, as for plain TCP,
 * since resolution and checks happen above this transport.
 *
 * @example
 * ```ts
 * const socket = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca } }) });
 * await socket.connect('localhost', 4433);
 * const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: { certChain, key } }) });
 * ```
 */
export class NodeTlsTransport implements StreamTransport {
  readonly #client: TlsClientOptions;
  readonly #server: TlsServerOptions | undefined;

  /**
   * A transport for TLS clients, servers or both.
   *
   * @param options - `client`: how to connect (verification on by default); `server`: the
   *   certificate and key to listen with (required to listen).
   * @example
   * ```ts
   * const transport = new NodeTlsTransport({ client: { ca: caPem, alpn: ['game/1'] } });
   * ```
   */
  constructor(options: { readonly client?: TlsClientOptions; readonly server?: TlsServerOptions } = {}) {
    this.#client = options.client ?? {};
    this.#server = options.server;
  }

  connect(options: ConnectOptions): Promise<StreamConnection> {
    const client = this.#client;
    const where = `TLS connect ${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    const serverName = client.serverName ?? options.name;
    // allowHalfOpen and noDelay are net.Socket options node:tls passes on; its type does not list them.
    const settings: ConnectionOptions & { allowHalfOpen: boolean; noDelay: boolean } = {
      host: options.host,
      port: options.port,
      allowHalfOpen: true,
      noDelay: true,
      ca: pems(client.ca),
      cert: pems(client.cert),
      key: pems(client.key),
      passphrase: client.passphrase,
      ALPNProtocols: client.alpn === undefined ? undefined : [...client.alpn],
      minVersion: client.minVersion ?? 'TLSv1.2',
      rejectUnauthorized: client.verifyPeer !== false,
    };
    // SNI and the name checked: the name asked for; an address is checked against the certificate's IP entries.
    if (serverName !== undefined) settings.servername = serverName;
    return new Promise((resolve, reject) => {
      const socket: TLSSocket = tlsConnect(settings);
      let timer: NodeJS.Timeout | undefined;
      const fail = (error: SocketError): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        const ms = options.timeoutMs;
        timer = setTimeout(() => fail(new SocketError('Timeout', `${where}: no answer within ${ms} ms`, { code: 'ETIMEDOUT', syscall: 'connect' })), ms);
      }
      socket.once('error', (cause) => fail(toSocketError(cause, where)));
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new NodeTlsConnection(socket));
      });
    });
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const server = this.#server;
    if (server === undefined) {
      return Promise.reject(new TypeError('NodeTlsTransport.listen: no server options (certChain and key) were given'));
    }
    const mode = server.clientCertificate ?? 'none';
    const settings: TlsOptions = {
      allowHalfOpen: true,
      noDelay: true,
      cert: pems(server.certChain),
      key: pems(server.key),
      passphrase: server.passphrase,
      ca: pems(server.ca),
      requestCert: mode !== 'none',
      rejectUnauthorized: mode === 'require',
      ALPNProtocols: server.alpn === undefined ? undefined : [...server.alpn],
      minVersion: server.minVersion ?? 'TLSv1.2',
      maxVersion: server.maxVersion ?? 'TLSv1.3',
      handshakeTimeout: server.handshakeTimeoutMs ?? 10_000,
    };
    return new Promise((resolve, reject) => {
      let tls: ReturnType<typeof createServer>;
      try {
        tls = createServer(settings);
      } catch (cause) {
        reject(toSocketError(cause, 'TLS listen: the certificate or key'));
        return;
      }
      tls.on('secureConnection', (socket: TLSSocket) => {
        if (socket.remoteAddress === undefined) socket.destroy();
        else onConnection(new NodeTlsConnection(socket));
      });
      // A client whose handshake failed never reaches accept; nothing to report to anyone.
      tls.on('tlsClientError', (_error, socket) => socket.destroy());
      tls.once('error', (cause) => reject(toSocketError(cause, `listen ${options.host}:${options.port}`)));
      tls.listen({ host: options.host, port: options.port, backlog: options.backlog }, () => {
        tls.removeAllListeners('error');
        tls.on('error', () => undefined);
        const address = tls.address();
        const bound = typeof address === 'object' && address !== null ? address : { address: options.host, port: options.port };
        resolve({
          localAddress: bound.address,
          localPort: bound.port,
          close: () =>
            new Promise<void>((done) => {
              tls.close();
              setImmediate(done);
            }),
        });
      });
    });
  }
}
