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
import { connectTarget, listenRetryingStale, listensWithoutAddress, settleConnect, startListening } from './serverListening.js';

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
  connect(options: ConnectOptions): Promise<StreamConnection> {
    const { target, where } = connectTarget(options, 'connect');
    const socket: Socket = createConnection({ ...target, allowHalfOpen: true, noDelay: true });
    return settleConnect(socket, 'connect', options, where, () => new NodePlainConnection(socket));
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
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
