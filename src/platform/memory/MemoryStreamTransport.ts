import { SocketError } from '../../core/SocketError.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../transport/StreamTransport.js';
import { MemoryStreamConnection, type MemoryStreamOptions } from './MemoryStreamConnection.js';

/** A listener: where it listens and who takes its connections. */
interface Listener {
  readonly address: string;
  readonly port: number;
  readonly onConnection: (connection: StreamConnection) => void;
}

/** The first port handed out for port 0 (the start of Linux's ephemeral range). */
const FIRST_PORT = 32768;

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
  readonly #listeners = new Map<string, Listener>();
  #nextPort = FIRST_PORT;

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
    const listener = this.#find(options.host, options.port);
    const where = `connect ${options.host}:${options.port}`;
    if (listener === undefined) {
      return new Promise((_, reject) =>
        setImmediate(() => reject(new SocketError('Refused', `${where}: connection refused`, { code: 'ECONNREFUSED', syscall: 'connect' }))),
      );
    }
    const client = { address: options.host, port: this.#freePort() };
    const server = { address: options.host, port: listener.port };
    const [near, far] = MemoryStreamConnection.pair(client, server, this.#options);
    return new Promise((resolve) =>
      setImmediate(() => {
        if (this.#listeners.get(key(listener.address, listener.port)) === listener) listener.onConnection(far);
        else far.destroy();
        resolve(near);
      }),
    );
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const port = options.port === 0 ? this.#freePort() : options.port;
    const id = key(options.host, port);
    if (this.#listeners.has(id) || this.#clashes(options.host, port)) {
      const where = `listen ${options.host}:${options.port}`;
      return Promise.reject(new SocketError('AddressInUse', `${where}: address in use`, { code: 'EADDRINUSE', syscall: 'listen' }));
    }
    const listener: Listener = { address: options.host, port, onConnection };
    this.#listeners.set(id, listener);
    return Promise.resolve({
      localAddress: options.host,
      localPort: port,
      close: async () => {
        if (this.#listeners.get(id) === listener) this.#listeners.delete(id);
      },
    });
  }

  /** The listener a connect to `host`:`port` reaches: the exact address first, then "any" of its family. */
  #find(host: string, port: number): Listener | undefined {
    const v6 = host.includes(':');
    return this.#listeners.get(key(host, port)) ?? (v6 ? undefined : this.#listeners.get(key('0.0.0.0', port))) ?? this.#listeners.get(key('::', port));
  }

  /** Whether a listener on `host`:`port` would share a port with one already there (a wildcard and a specific address). */
  #clashes(host: string, port: number): boolean {
    for (const listener of this.#listeners.values()) {
      if (listener.port !== port) continue;
      if (isAny(host) || isAny(listener.address)) return true;
    }
    return false;
  }

  #freePort(): number {
    for (;;) {
      const port = this.#nextPort;
      this.#nextPort = port >= 60999 ? FIRST_PORT : port + 1;
      if (![...this.#listeners.values()].some((listener) => listener.port === port)) return port;
    }
  }
}

function key(host: string, port: number): string {
  return `${host}|${port}`;
}

function isAny(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
