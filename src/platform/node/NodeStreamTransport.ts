import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { SocketError } from '../../core/SocketError.js';
import type {
  ConnectOptions,
  ListenOptions,
  StreamConnection,
  StreamServer,
  StreamTransport,
} from '../../transport/StreamTransport.js';
import { type LocalEnd, NodeStreamConnection } from './NodeStreamConnection.js';
import { toSocketError } from './systemErrors.js';

/**
 * The local end every connection accepted by a listening server has: its own address and port
 * when it listens on one address; `undefined` for a wildcard address (each connection has the
 * address it arrived on).
 */
function fixedLocalEnd(address: AddressInfo | string | null): LocalEnd | undefined {
  if (typeof address !== 'object' || address === null || address.address === '0.0.0.0' || address.address === '::') return undefined;
  return address;
}

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
  /**
   * Opens a TCP connection.
   *
   * @param options - numeric host, port and optional timeout.
   * @returns the open connection.
   * @throws SocketError (as a rejection) with the system code, or kind `'Timeout'`.
   * @example
   * ```ts
   * await new NodeStreamTransport().connect({ host: '::1', port: 8080 });
   * ```
   */
  connect(options: ConnectOptions): Promise<StreamConnection> {
    const where = `connect ${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    return new Promise((resolve, reject) => {
      const socket: Socket = createConnection({ host: options.host, port: options.port, allowHalfOpen: true, noDelay: true });
      let timer: NodeJS.Timeout | undefined;
      const fail = (error: SocketError): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        const ms = options.timeoutMs;
        timer = setTimeout(
          () => fail(new SocketError('Timeout', `${where}: no answer within ${ms} ms`, { code: 'ETIMEDOUT', syscall: 'connect' })),
          ms,
        );
      }
      socket.once('error', (cause) => fail(toSocketError(cause, where)));
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new NodeStreamConnection(socket));
      });
    });
  }

  /**
   * Listens for TCP connections.
   *
   * @param options - numeric host, port (0: the system picks a free one) and backlog.
   * @param onConnection - receives each accepted connection.
   * @returns the listening server.
   * @throws SocketError (as a rejection), e.g. kind `'AddressInUse'`.
   * @example
   * ```ts
   * const server = await new NodeStreamTransport().listen({ host: '127.0.0.1', port: 0, backlog: 511 }, (c) => c.destroy());
   * ```
   */
  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    return new Promise((resolve, reject) => {
      const server: Server = createServer({ allowHalfOpen: true, noDelay: true });
      let local: LocalEnd | undefined;
      server.on('connection', (socket: Socket) => {
        if (socket.remoteAddress === undefined) socket.destroy();
        else onConnection(new NodeStreamConnection(socket, local));
      });
      server.once('error', (cause) => reject(toSocketError(cause, `listen ${options.host}:${options.port}`)));
      server.listen({ host: options.host, port: options.port, backlog: options.backlog }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        const address = server.address();
        const bound = typeof address === 'object' && address !== null ? address : { address: options.host, port: options.port };
        local = fixedLocalEnd(address);
        resolve({
          localAddress: bound.address,
          localPort: bound.port,
          // node:net calls server.close's callback only once every accepted connection has
          // ended; the listening handle itself is released at once, which is what this promises.
          close: () =>
            new Promise<void>((done) => {
              server.close();
              setImmediate(done);
            }),
        });
      });
    });
  }
}
