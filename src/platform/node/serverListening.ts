import type { AddressInfo, Server, Socket } from 'node:net';
import { SocketError } from '../../core/SocketError.js';
import type { ConnectOptions, ListenOptions, StreamServer } from '../../transport/StreamTransport.js';
import type { LocalEnd } from './NodeStreamConnection.js';
import { unixPathOf } from './descriptors.js';
import { fsModule } from './lazyBuiltins.js';
import { removeStaleSocket } from './staleSocket.js';
import { toSocketError } from './systemErrors.js';

/**
 * What `node:net` and `node:tls` servers share: where they listen (an address and port, a Unix
 * path with its file mode, or an inherited descriptor), the retry over a stale socket file, and
 * the `StreamServer` handed back. Also the connect target and timer both clients share.
 *
 * @internal
 * @module
 */


/**
 * Whether this Node can listen with `reusePort` (`SO_REUSEPORT`): 22.12 and later 22.x, 23.1
 * and later (nodejs/node#55408); earlier versions silently ignore the option, so it is refused
 * instead. `version` is `process.versions.node` by default.
 */
export function reusePortSupported(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

/** The `TypeError` of a `reusePort` listen where Node cannot do it. */
export function reusePortUnsupported(version: string = process.versions.node): TypeError {
  return new TypeError(
    `reusePort needs Node 22.12 or later (this is Node ${version}, which would silently ignore it): run the workers under node:cluster, or give each its own port behind a load balancer`,
  );
}

/** Whether `options` listen on a Unix socket or an inherited descriptor (whose peers have no address). */
export function listensWithoutAddress(options: ListenOptions): boolean {
  return options.path !== undefined || options.fd !== undefined;
}

/** `listenOnce(options)`, again once after removing a stale socket file at `options.path`. */
export async function listenRetryingStale(options: ListenOptions, listenOnce: () => Promise<StreamServer>): Promise<StreamServer> {
  try {
    return await listenOnce();
  } catch (error) {
    // A socket file left by a process that died is removed once, then the listen is tried again.
    if (options.path === undefined || !(error instanceof SocketError) || error.kind !== 'AddressInUse') throw error;
    if (!(await removeStaleSocket(options.path))) throw error;
    return listenOnce();
  }
}

/**
 * Starts `server` listening where `options` say; resolves with the `StreamServer` (and tells
 * `bound` the local end accepted connections should report), or rejects with a `SocketError`.
 */
export function startListening(server: Server, options: ListenOptions, bound: (local: LocalEnd | undefined) => void): Promise<StreamServer> {
  return new Promise((resolve, reject) => {
    const where = options.fd !== undefined ? `fd ${options.fd}` : (options.path ?? `${options.host}:${options.port}`);
    server.once('error', (cause) => reject(toSocketError(cause, `listen ${where}`)));
    const target =
      options.fd !== undefined ? { fd: options.fd } : options.path !== undefined ? { path: options.path } : { host: options.host, port: options.port };
    server.listen({ ...target, backlog: options.backlog, ...(options.reusePort === true ? { reusePort: true } : {}) }, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      const address = server.address();
      if (options.path !== undefined && options.mode !== undefined && !options.path.startsWith('\0')) fsModule().chmodSync(options.path, options.mode);
      // An adopted Unix socket has no name in node:net: /proc knows it.
      const named = typeof address === 'string' && address !== '' ? address : options.fd !== undefined ? (unixPathOf(options.fd) ?? '') : (options.path ?? options.host);
      const end: LocalEnd = typeof address === 'object' && address !== null ? address : { address: named, port: 0 };
      bound(listensWithoutAddress(options) ? { address: end.address, port: 0 } : fixedLocalEnd(address));
      resolve({
        localAddress: end.address,
        localPort: end.port,
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

/** The local end shared by every connection of a listener bound to one specific address (the system is asked once). */
export function fixedLocalEnd(address: AddressInfo | string | null): LocalEnd | undefined {
  if (typeof address !== 'object' || address === null || address.address === '0.0.0.0' || address.address === '::') return undefined;
  return address;
}

/** The `net.connect` / `tls.connect` target of `options`, and a name for messages. */
export function connectTarget(options: ConnectOptions, prefix: string): { readonly target: { path: string } | { host: string; port: number }; readonly where: string } {
  if (options.path !== undefined) return { target: { path: options.path }, where: `${prefix} ${options.path.replace('\0', '@')}` };
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { target: { host: options.host, port: options.port }, where: `${prefix} ${host}:${options.port}` };
}

/**
 * Settles a connect in progress on `socket`: `ready` fires on success; failure or the time-out
 * destroys the socket and rejects with a `SocketError`.
 */
export function settleConnect<T>(socket: Socket, readyEvent: string, options: ConnectOptions, where: string, made: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
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
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(made());
    });
  });
}
