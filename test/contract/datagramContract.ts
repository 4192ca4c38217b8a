import test, { type ExecutionContext } from 'ava';
import type { SocketError } from '../../src/core/SocketError.js';
import type { DatagramEndpoint, DatagramHandler, DatagramTransport } from '../../src/transport/DatagramTransport.js';

/**
 * The behaviours every datagram transport must show, run against each one
 * (test/contract/datagram.test.ts).
 */

/** A datagram transport under test and the hosts to try it on. */
export interface DatagramSubject {
  readonly name: string;
  readonly hosts: readonly string[];
  make(): DatagramTransport;
}

/** What an endpoint has received. */
class Inbox implements DatagramHandler {
  readonly messages: Array<{ data: Uint8Array; address: string; port: number }> = [];
  readonly errors: SocketError[] = [];
  message(data: Uint8Array, address: string, port: number): void {
    this.messages.push({ data, address, port });
  }
  error(error: SocketError): void {
    this.errors.push(error);
  }
  async until(count: number, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out: ${this.messages.length} of ${count} datagrams`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function endpoint(t: ExecutionContext, transport: DatagramTransport, host: string, port = 0): Promise<{ endpoint: DatagramEndpoint; inbox: Inbox }> {
  const inbox = new Inbox();
  const bound = await transport.bind({ host, port, family: host.includes(':') ? 6 : 4 }, inbox);
  t.teardown(() => bound.close());
  return { endpoint: bound, inbox };
}

/** Registers the datagram contract for `subject`. */
export function datagramContract(subject: DatagramSubject): void {
  for (const host of subject.hosts) {
    const title = (what: string): string => `${subject.name} on ${host}: ${what}`;
    const limit = host.includes(':') ? 65527 : 65507;

    test(title('datagrams keep their boundaries and bytes, and name the sender'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const b = await endpoint(t, transport, host);
      t.true(a.endpoint.localPort > 0);
      const sizes = [0, 1, 1000, limit];
      for (const size of sizes) await a.endpoint.send(new Uint8Array(size).fill(size & 0xff), host, b.endpoint.localPort);
      await b.inbox.until(sizes.length);
      t.deepEqual(b.inbox.messages.map((m) => m.data.length).sort((x, y) => x - y), sizes);
      for (const { data, port, address } of b.inbox.messages) {
        t.true(data.every((byte) => byte === (data.length & 0xff)));
        t.is(port, a.endpoint.localPort);
        t.true(address === host || address === `::ffff:${host}`, address);
      }
    });

    test(title('a payload above the family limit is refused with kind TooLarge'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const error = await t.throwsAsync(a.endpoint.send(new Uint8Array(limit + 1), host, a.endpoint.localPort));
      t.is((error as SocketError).kind, 'TooLarge');
    });

    test(title('a port in use is AddressInUse'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const error = await t.throwsAsync(transport.bind({ host, port: a.endpoint.localPort, family: host.includes(':') ? 6 : 4 }, new Inbox()));
      t.is((error as SocketError).kind, 'AddressInUse');
    });

    test(title('a datagram to nobody is dropped without an error to the sender'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const b = await endpoint(t, transport, host);
      const port = b.endpoint.localPort;
      await b.endpoint.close();
      await t.notThrowsAsync(a.endpoint.send(Uint8Array.of(1), host, port));
      await new Promise((resolve) => setTimeout(resolve, 30));
      t.is(b.inbox.messages.length, 0);
    });

    test(title('a closed endpoint receives nothing more, refuses sends, and closes twice quietly'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const b = await endpoint(t, transport, host);
      await b.endpoint.close();
      await a.endpoint.send(Uint8Array.of(1), host, b.endpoint.localPort);
      await t.throwsAsync(b.endpoint.send(Uint8Array.of(2), host, a.endpoint.localPort));
      await t.notThrowsAsync(b.endpoint.close());
      await new Promise((resolve) => setTimeout(resolve, 30));
      t.is(b.inbox.messages.length, 0);
      t.is(a.inbox.messages.length, 0);
    });

    test(title('sendWithCallback, when offered, reports each datagram once'), async (t) => {
      const transport = subject.make();
      const a = await endpoint(t, transport, host);
      const b = await endpoint(t, transport, host);
      const send = a.endpoint.sendWithCallback;
      if (send === undefined) {
        t.pass('not offered');
        return;
      }
      const outcomes: Array<SocketError | null> = [];
      await new Promise<void>((resolve) => send.call(a.endpoint, Uint8Array.of(1), host, b.endpoint.localPort, (error) => (outcomes.push(error), resolve())));
      await new Promise((resolve) => setTimeout(resolve, 20));
      t.deepEqual(outcomes, [null]);
    });
  }
}
