import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type {
  ConnectOptions,
  ListenOptions,
  StreamConnection,
  StreamServer,
  StreamTransport,
} from '../../transport/StreamTransport.js';
import type { LocalEnd } from './NodeStreamConnection.js';
import { NodePlainConnection } from './NodePlainConnection.js';
import {
  connectTarget,
  listenRetryingStale,
  listensWithoutAddress,
  reusePortSupported,
  reusePortUnsupported,
  settleConnect,
  startListening,
} from './serverListening.js';

/**
 * TCP over `node:net`: the default {@link StreamTransport}.
 *
 * @remarks
 * Connections are half-open capable (a peer's FIN does not close the local output) and have
 * Nagle's algorithm off, as SFML sets `TCP_NODELAY` on every socket.
 *
 * @example
 * ```ts
 * const transport = new NodeStreamTransport();
 * const connection = await transport.connect({ host: '127.0.0.1', port: 8080, timeoutMs: 1000 });
 * ```
 */
export class NodeStreamTransport implements StreamTransport {
  readonly #reusePort: boolean;

  /**
   * A `node:net` transport.
   *
   * @param options - `reusePort: true` listens with `SO_REUSEPORT` (Node 22.12 and later, on
   *   Linux and a few other systems), so several worker processes can each listen on one port.
   * @throws TypeError for `reusePort: true` on a Node that cannot do it (it would silently ignore it).
   * @example
   * ```ts
   * // In each of N worker processes: the kernel spreads the connections over them.
   * const listener = new TcpListener({ streamTransport: new NodeStreamTransport({ reusePort: true }) });
   * await listener.listen(7000);
   * ```
   */
  constructor(options: { readonly reusePort?: boolean } = {}) {
    this.#reusePort = options.reusePort === true;
    if (this.#reusePort && !reusePortSupported()) throw reusePortUnsupported();
  }

  connect(options: ConnectOptions): Promise<StreamConnection> {
    const { target, where } = connectTarget(options, 'connect');
    const socket: Socket = createConnection({ ...target, allowHalfOpen: true, noDelay: true });
    return settleConnect(socket, 'connect', options, where, () => new NodePlainConnection(socket));
  }

  listen(requested: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const options = this.#reusePort && requested.reusePort === undefined ? { ...requested, reusePort: true } : requested;
    if (options.reusePort === true && !reusePortSupported()) return Promise.reject(reusePortUnsupported());
    return listenRetryingStale(options, () => {
      const server: Server = createServer({ allowHalfOpen: true, noDelay: true });
      const withoutAddress = listensWithoutAddress(options);
      let local: LocalEnd | undefined;
      server.on('connection', (socket: Socket) => {
        // A TCP peer gone before it was handed over has no address; a Unix peer never has one.
        if (socket.remoteAddress === undefined && !withoutAddress) socket.destroy();
        else onConnection(new NodePlainConnection(socket, local));
      });
      return startListening(server, options, (end) => (local = end));
    });
  }
}
