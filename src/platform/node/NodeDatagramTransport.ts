import { createSocket, type Socket } from 'node:dgram';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../transport/DatagramTransport.js';
import { toSocketError } from './systemErrors.js';

/**
 * UDP over `node:dgram`: the default {@link DatagramTransport}.
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
   * @param options - numeric host, port (0: any free one) and family.
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
      const socket: Socket = createSocket({ type: options.family === 6 ? 'udp6' : 'udp4', ipv6Only: false });
      socket.once('error', (cause) => {
        socket.close();
        reject(toSocketError(cause, `bind ${options.host}:${options.port}`));
      });
      socket.bind({ address: options.host, port: options.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', (cause) => handler.error(toSocketError(cause, 'udp')));
        socket.on('message', (data, info) => handler.message(data, info.address, info.port));
        const bound = socket.address();
        resolve({
          localAddress: bound.address,
          localPort: bound.port,
          send: (data, address, port) =>
            new Promise<void>((done, fail) =>
              socket.send(data, port, address, (cause) => (cause ? fail(toSocketError(cause, `send to ${address}:${port}`)) : done())),
            ),
          setBroadcast: (enable) => socket.setBroadcast(enable),
          close: () => new Promise<void>((done) => socket.close(() => done())),
        });
      });
    });
  }
}
