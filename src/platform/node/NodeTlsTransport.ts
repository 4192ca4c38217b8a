import type { Socket } from 'node:net';
import type { ConnectionOptions, Server as TlsServer, TLSSocket } from 'node:tls';
import type { SocketLimits } from '../../services/SocketLimits.js';
import type { TlsClientOptions, TlsServerOptions } from '../../transport/TlsOptions.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../transport/StreamTransport.js';
import { tlsModule } from './lazyBuiltins.js';
import { HandshakeCount } from './HandshakeCount.js';
import { NodeTlsConnection } from './NodeTlsConnection.js';
import { connectTarget, listenRetryingStale, listensWithoutAddress, settleConnect, startListening } from './serverListening.js';
import { toSocketError } from './systemErrors.js';
import { clientSettings, serverSettings } from './tlsSettings.js';

/**
 * TLS over `node:tls`, behind the same stream interface as plain TCP: give it to a `TcpSocket`
 * to connect with TLS in one call, or to a `TcpListener` to accept TLS clients.
 *
 * @remarks
 * `connect` resolves only once the handshake completed and the server's certificate was verified
 * (unless `verifyPeer: false`, which is dangerous); a listener hands out only connections whose
 * handshake completed, and drops clients whose handshake fails or stalls past
 * `handshakeTimeoutMs`; at most `handshakeQueueSize` (a {@link SocketLimits} field) may be in
 * their handshake at once, and more are closed as they arrive. Failures are `SocketError`s whose kind says why:
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
    const { target, where } = connectTarget(options, 'TLS connect');
    // allowHalfOpen and noDelay are net.Socket options node:tls passes on; its type does not list them.
    const settings: ConnectionOptions & { allowHalfOpen: boolean; noDelay: boolean } = {
      ...target,
      ...clientSettings(client, client.serverName ?? options.name),
      allowHalfOpen: true,
      noDelay: true,
    };
    const socket: TLSSocket = tlsModule().connect(settings);
    return settleConnect(socket, 'secureConnect', options, where, () => new NodeTlsConnection(socket));
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const server = this.#server;
    if (server === undefined) {
      return Promise.reject(new TypeError('NodeTlsTransport.listen: no server options (certChain and key) were given'));
    }
    // Half-open from the handshake on (set in secureConnection): a client that ends its side before
    // finishing the handshake never can, and is dropped then rather than at the handshake time-out.
    const settings = { ...serverSettings(server), allowHalfOpen: false, noDelay: true };
    return listenRetryingStale(options, () => {
      let tls: TlsServer;
      try {
        tls = tlsModule().createServer(settings);
      } catch (cause) {
        return Promise.reject(toSocketError(cause, 'TLS listen: the certificate or key'));
      }
      const withoutAddress = listensWithoutAddress(options);
      const handshakes = new HandshakeCount(options.limits);
      tls.on('connection', (raw: Socket) => handshakes.arrived(raw));
      tls.on('secureConnection', (socket: TLSSocket) => {
        handshakes.through(socket);
        socket.allowHalfOpen = true;
        if (socket.remoteAddress === undefined && !withoutAddress) socket.destroy();
        else onConnection(new NodeTlsConnection(socket));
      });
      // A client whose handshake failed never reaches accept; nothing to report to anyone.
      tls.on('tlsClientError', (_error, socket) => socket.destroy());
      return startListening(tls, options, () => undefined);
    });
  }
}
