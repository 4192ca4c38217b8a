/**
 * Test doubles for the ENet tests: a datagram transport that counts what its endpoints send, and
 * one that lets a test send raw datagrams from a host's own endpoint (forged commands from the
 * address a real peer uses).
 */
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../src/index.js';

/** A transport whose endpoints count the datagrams they send; `last` is the last endpoint bound. */
export interface CountingTransport extends DatagramTransport {
  readonly sent: number;
  readonly last: DatagramEndpoint | null;
}

export function countingTransport(inner: DatagramTransport): CountingTransport {
  let sent = 0;
  let last: DatagramEndpoint | null = null;
  return {
    get sent() {
      return sent;
    },
    get last() {
      return last;
    },
    async bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
      const endpoint = await inner.bind(options, handler);
      const counted: DatagramEndpoint = {
        get localAddress() {
          return endpoint.localAddress;
        },
        get localPort() {
          return endpoint.localPort;
        },
        send: (data, address, port) => {
          sent++;
          return endpoint.send(data, address, port);
        },
        setBroadcast: (on) => endpoint.setBroadcast(on),
        close: () => endpoint.close(),
      };
      last = counted;
      return counted;
    },
  };
}
