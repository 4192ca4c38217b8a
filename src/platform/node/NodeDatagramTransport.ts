import type { Socket } from 'node:dgram';
import type { LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../transport/DatagramTransport.js';
import { NodeDatagramEndpoint } from './NodeDatagramEndpoint.js';
import { SocketError } from '../../core/SocketError.js';
import { udpFamilyOf } from './descriptors.js';
import { dgramModule, dnsModule } from './lazyBuiltins.js';
import { toSocketError } from './systemErrors.js';

/**
 * UDP over `node:dgram`: the default {@link DatagramTransport}.
 *
 * @remarks
 * IPv6 endpoints are dual-stack (`ipv6Only: false`): one bound to `'::'` also receives IPv4
 * datagrams (their sender arrives as `::ffff:a.b.c.d`) and sends to IPv4 destinations, which
 * are passed to the system in their IPv4-mapped spelling. Received datagrams are handed over as
 * `dgram` gives them (a `Buffer`, which is a `Uint8Array`), without a copy. Closing an endpoint
 * answers the sends still in flight with `ECANCELED`.
 *
 * @example
 * ```ts
 * const endpoint = await new NodeDatagramTransport().bind({ host: '127.0.0.1', port: 0, family: 4 }, handler);
 * ```
 */
export class NodeDatagramTransport implements DatagramTransport {
  /**
   * Binds a UDP socket.
   *
   * @param options - numeric host, port (0: the system picks a free one) and family.
   * @param handler - receives datagrams and asynchronous errors.
   * @returns the bound endpoint.
   * @throws SocketError (as a rejection), e.g. kind `'AddressInUse'`.
   * @example
   * ```ts
   * await new NodeDatagramTransport().bind({ host: '::1', port: 0, family: 6 }, handler);
   * ```
   */
  async bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
    let family = options.family;
    if (options.fd !== undefined) {
      const inherited = udpFamilyOf(options.fd);
      if (inherited === null) throw new SocketError('System', `bind fd ${options.fd}: not a UDP socket of this process`, { code: 'ENOTSOCK' });
      family = inherited;
    }
    const socket = newSocket(family, options.reuseAddress === true);
    const where = options.fd !== undefined ? `fd ${options.fd}` : `${options.host}:${options.port}`;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (cause) => {
        socket.close();
        reject(toSocketError(cause, `bind ${where}`));
      });
      const target = options.fd !== undefined ? { fd: options.fd } : { address: options.host, port: options.port, exclusive: true };
      socket.bind(target, () => {
        socket.removeAllListeners('error');
        applyBufferSizes(socket, options);
        deliver(socket, handler);
        resolve();
      });
    });
    return new NodeDatagramEndpoint(socket, family, (again, bound) => rebind({ ...options, ...again, fd: undefined }, handler, bound));
  }
}

/** An unbound `dgram` socket of `family`: dual-stack when IPv6, with the look-up for numeric addresses. */
function newSocket(family: 4 | 6, reuseAddr = false): Socket {
  return dgramModule().createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: false, lookup: literalLookup, reuseAddr });
}

/** Asks the system for the buffer sizes in `options` (a bound socket; 0 or absent: the system's). */
function applyBufferSizes(socket: Socket, options: BindOptions): void {
  if ((options.receiveBufferSize ?? 0) > 0) socket.setRecvBufferSize(options.receiveBufferSize as number);
  if ((options.sendBufferSize ?? 0) > 0) socket.setSendBufferSize(options.sendBufferSize as number);
}

/** Hands `socket`'s datagrams and asynchronous errors to `handler`. */
function deliver(socket: Socket, handler: DatagramHandler): void {
  socket.on('error', (cause) => handler.error(toSocketError(cause, 'udp')));
  socket.on('message', (data, info) => handler.message(data, info.address, info.port));
}

/**
 * A new socket binding to `options` for an endpoint that already has a handler: returned at
 * once (dgram queues sends until it is bound, which may be before this returns, and then calls
 * `bound` with it); a failed bind goes to the handler as an error.
 */
function rebind(options: BindOptions, handler: DatagramHandler, bound: (socket: Socket) => void): Socket {
  const socket = newSocket(options.family, options.reuseAddress === true);
  deliver(socket, handler);
  socket.once('listening', () => {
    applyBufferSizes(socket, options);
    bound(socket);
  });
  socket.bind({ address: options.host, port: options.port, exclusive: true });
  return socket;
}

/** What `dgram` calls back with once it knows the numeric address of a send or a bind. */
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * `dgram`'s address look-up: a numeric address (every address this transport is given) answers
 * at once instead of going through `dns.lookup` and a `process.nextTick` for each datagram; a
 * name still goes to `dns.lookup`.
 */
function literalLookup(hostname: string, options: number | LookupOneOptions, callback: LookupCallback): void {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsModule().lookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}
