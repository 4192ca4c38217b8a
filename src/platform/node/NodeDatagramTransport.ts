import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv4 } from 'node:net';
import { settleablePromise, settlers } from '../../core/settlers.js';
import { SocketError } from '../../core/SocketError.js';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramSent, DatagramTransport } from '../../transport/DatagramTransport.js';
import { toSocketError } from './systemErrors.js';

/**
 * UDP over `node:dgram`: the default {@link DatagramTransport}.
 *
 * @remarks
 * IPv6 endpoints are dual-stack (`ipv6Only: false`): one bound to `'::'` also receives IPv4
 * datagrams (their sender arrives as `::ffff:a.b.c.d`) and sends to IPv4 destinations, which
 * are passed to the system in their IPv4-mapped spelling. Received datagrams are handed over as
 * `dgram` gives them (a `Buffer`, which is a `Uint8Array`), without a copy. Closing an endpoint rejects the sends still in flight.
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
  bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
    return new Promise((resolve, reject) => {
      const socket: Socket = createSocket({ type: options.family === 6 ? 'udp6' : 'udp4', ipv6Only: false, lookup: literalLookup });
      socket.once('error', (cause) => {
        socket.close();
        reject(toSocketError(cause, `bind ${options.host}:${options.port}`));
      });
      socket.bind({ address: options.host, port: options.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', (cause) => handler.error(toSocketError(cause, 'udp')));
        socket.on('message', (data, info) => handler.message(data, info.address, info.port));
        resolve(endpointOf(socket, options.family));
      });
    });
  }
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
  else dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}

/** The {@link DatagramEndpoint} over a bound `dgram` socket. */
function endpointOf(socket: Socket, family: 4 | 6): DatagramEndpoint {
  const bound = socket.address();
  const inFlight: DatagramSent[] = [];
  let open = true;
  const sendWithCallback = (data: Uint8Array, address: string, port: number, sent: DatagramSent): void => {
    if (!open) {
      sent(new SocketError('System', `send to ${address}:${port}: the endpoint is closed`, { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' }));
      return;
    }
    // A dual-stack IPv6 socket reaches an IPv4 destination through its IPv4-mapped address.
    const target = family === 6 && isIPv4(address) ? `::ffff:${address}` : address;
    sendOn(socket, data, address, target, port, sent, inFlight);
  };
  return {
    localAddress: bound.address,
    localPort: bound.port,
    send: (data, address, port) => {
      const promise = settleablePromise<void>();
      const { resolve, reject } = settlers;
      sendWithCallback(data, address, port, (error) => (error === null ? resolve(undefined) : reject(error)));
      return promise;
    },
    sendWithCallback,
    setBroadcast: (enable) => {
      if (open) socket.setBroadcast(enable);
    },
    close: () => {
      if (!open) return Promise.resolve();
      open = false;
      const cancelled = new SocketError('System', 'send cancelled: the endpoint was closed', { code: 'ECANCELED' });
      for (const sent of inFlight.splice(0)) sent(cancelled);
      return new Promise<void>((done) => socket.close(() => done()));
    },
  };
}

/**
 * Takes `sent` off the list of sends in flight; `false` when it was not on it (`close` has
 * already answered it). Sends complete in the order they were made (the system's queue is a
 * FIFO), so it is nearly always the first: an array's `shift` makes no garbage, where a `Set`
 * allocates a new table as it grows and shrinks around one entry.
 */
function forget(inFlight: DatagramSent[], sent: DatagramSent): boolean {
  if (inFlight[0] === sent) {
    inFlight.shift();
    return true;
  }
  const index = inFlight.indexOf(sent);
  if (index < 0) return false;
  inFlight.splice(index, 1);
  return true;
}

/**
 * One `dgram` send to `target` (`address`, IPv4-mapped for a dual-stack socket); `sent` is
 * answered once. `inFlight` lets `close` answer it (dgram may never call back after a close).
 */
function sendOn(
  socket: Socket,
  data: Uint8Array,
  address: string,
  target: string,
  port: number,
  sent: DatagramSent,
  inFlight: DatagramSent[],
): void {
  inFlight.push(sent);
  const settle = (cause: Error | null): void => {
    if (forget(inFlight, sent)) sent(cause ? toSocketError(cause, `send to ${address}:${port}`) : null);
  };
  try {
    socket.send(data, port, target, settle);
  } catch (cause) {
    settle(cause instanceof Error ? cause : new Error(String(cause)));
  }
}
