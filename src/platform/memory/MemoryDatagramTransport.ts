import { SocketError } from '../../core/SocketError.js';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../transport/DatagramTransport.js';
import { AddressTable } from './AddressTable.js';
import { type DatagramNetwork, MemoryDatagramEndpoint } from './MemoryDatagramEndpoint.js';

/**
 * An in-process datagram transport: UDP between sockets of one process, with no system
 * underneath. Each instance is its own network.
 *
 * @remarks
 * It follows the contract of `NodeDatagramTransport` (the suite in `test/contract/` runs against
 * both): port 0 picks a free port, a port in use is `'AddressInUse'`, `'0.0.0.0'` and `'::'`
 * receive for every address of their family (`'::'` for both), the sender is seen at the address
 * the datagram was aimed at when it is bound to "any", and datagrams to nobody are dropped.
 *
 * @example
 * ```ts
 * const datagramTransport = new MemoryDatagramTransport();
 * const a = new UdpSocket({ datagramTransport });
 * const b = new UdpSocket({ datagramTransport });
 * await b.bind(0, IpAddress.LocalHost);
 * await a.send(new Packet().writeUint8(1), IpAddress.LocalHost, b.getLocalPort());
 * ```
 */
export class MemoryDatagramTransport implements DatagramTransport {
  readonly #endpoints = new AddressTable<MemoryDatagramEndpoint>();
  readonly #network: DatagramNetwork = {
    deliver: (data, address, port, from) => {
      const to = this.#endpoints.find(address, port);
      if (to === undefined) return;
      // The sender as the receiver sees it: its own address, or the one aimed at when bound to "any".
      const source = from.localAddress === '0.0.0.0' || from.localAddress === '::' ? address : from.localAddress;
      setImmediate(() => to.receive(data, source, from.localPort));
    },
    remove: (endpoint) => this.#endpoints.delete(endpoint.localAddress, endpoint.localPort, endpoint),
  };

  bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
    const port = options.port === 0 ? this.#endpoints.freePort() : options.port;
    if (this.#endpoints.taken(options.host, port)) {
      return Promise.reject(new SocketError('AddressInUse', `bind ${options.host}:${options.port}: address in use`, { code: 'EADDRINUSE', syscall: 'bind' }));
    }
    const endpoint = new MemoryDatagramEndpoint(this.#network, options.host, port, options.family, handler);
    this.#endpoints.set(options.host, port, endpoint);
    return Promise.resolve(endpoint);
  }
}
