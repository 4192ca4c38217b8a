import { SocketError } from '../../core/SocketError.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../transport/StreamTransport.js';
import { AddressTable } from './AddressTable.js';
import { MemoryStreamConnection, type MemoryStreamOptions } from './MemoryStreamConnection.js';

/** A listener: where it listens and who takes its connections. */
interface Listener {
  readonly address: string;
  readonly port: number;
  readonly onConnection: (connection: StreamConnection) => void;
}

/**
 * An in-process stream transport: connections between sockets of one process, with no system
 * underneath. Bind it where a test needs a network and a real socket adds nothing.
 *
 * @remarks
 * Each instance is its own network: listeners and connections made through it see only each
 * other. It follows the same contract as `NodeStreamTransport` (the suite in `test/contract/`
 * runs against both): a connect with no listener is refused (`'Refused'`), a port in use is
 * `'AddressInUse'`, port 0 picks a free port, `'0.0.0.0'` and `'::'` listen on every address (`'::'`
 * on both families, as a dual-stack socket does), and bytes arrive in order, cut into chunks of
 * at most `chunkSize` bytes.
 *
 * @example
 * ```ts
 * const streamTransport = new MemoryStreamTransport({ chunkSize: 3 });
 * const listener = new TcpListener({ streamTransport });
 * await listener.listen(0, IpAddress.LocalHost);
 * const client = new TcpSocket({ streamTransport });
 * await client.connect(IpAddress.LocalHost, listener.getLocalPort());
 * ```
 */
export class MemoryStreamTransport implements StreamTransport {
  readonly #options: MemoryStreamOptions;
  readonly #listeners = new AddressTable<Listener>();

  /**
   * Creates an empty network.
   *
   * @param options - how bytes are delivered (chunk size, write mark).
   * @example
   * ```ts
   * const streamTransport = new MemoryStreamTransport();
   * const socket = new TcpSocket({ streamTransport });
   * ```
   */
  constructor(options: MemoryStreamOptions = {}) {
    this.#options = options;
  }

  connect(options: ConnectOptions): Promise<StreamConnection> {
    const listener = this.#listeners.find(options.host, options.port);
    const where = `connect ${options.host}:${options.port}`;
    if (listener === undefined) {
      return new Promise((_, reject) =>
        setImmediate(() => reject(new SocketError('Refused', `${where}: connection refused`, { code: 'ECONNREFUSED', syscall: 'connect' }))),
      );
    }
    const client = { address: options.host, port: this.#listeners.freePort() };
    const server = { address: options.host, port: listener.port };
    const [near, far] = MemoryStreamConnection.pair(client, server, this.#options);
    return new Promise((resolve) =>
      setImmediate(() => {
        if (this.#listeners.holds(listener.address, listener.port, listener)) listener.onConnection(far);
        else far.destroy();
        resolve(near);
      }),
    );
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const port = options.port === 0 ? this.#listeners.freePort() : options.port;
    if (this.#listeners.taken(options.host, port)) {
      const where = `listen ${options.host}:${options.port}`;
      return Promise.reject(new SocketError('AddressInUse', `${where}: address in use`, { code: 'EADDRINUSE', syscall: 'listen' }));
    }
    const listener: Listener = { address: options.host, port, onConnection };
    this.#listeners.set(options.host, port, listener);
    return Promise.resolve({
      localAddress: options.host,
      localPort: port,
      close: async () => this.#listeners.delete(options.host, port, listener),
    });
  }
}
