import type { ExecutionContext } from 'ava';
import test from 'ava';
import type { SocketError } from '../../src/core/SocketError.js';
import type {
  ConnectOptions,
  ListenOptions,
  StreamConnection,
  StreamHandler,
  StreamServer,
  StreamTransport,
} from '../../src/transport/StreamTransport.js';
import { SeededRandom } from '../../src/conditioner/SeededRandom.js';

/**
 * The behaviours every stream transport must show, run against each one (test/contract/*.test.ts).
 * A transport added later (TLS, Unix paths, WebSocket, a conditioner) runs this suite too.
 */

/**
 * Where to listen and how to reach it: an IP host (port 0, the system picks) or a Unix socket
 * path (a fresh one each time).
 */
export interface Place {
  readonly label: string;
  /** Listen options for a new listener (a new path each call for Unix). */
  listen(): ListenOptions;
  /** Connect options that reach `server`, listening with `listened`. */
  reach(server: StreamServer, listened: ListenOptions): ConnectOptions;
}

/** An IP place: `host`, port 0. */
export function ipPlace(host: string): Place {
  return {
    label: host,
    listen: () => ({ host, port: 0, backlog: 16 }),
    reach: (server) => ({ host, port: server.localPort, timeoutMs: 5000 }),
  };
}

/** A transport under test and the places to try it on. */
export interface StreamSubject {
  readonly name: string;
  readonly places: readonly Place[];
  make(): StreamTransport;
  /**
   * A message-oriented transport (WebSocket): it has no half-close, so `shutdownOutput` ends both
   * directions once the peer answers; that one test checks this instead (the others hold as they are).
   */
  readonly messages?: boolean;
}

/** What one end has seen: bytes, FIN, close (with its error), drains. */
export class Recorder implements StreamHandler {
  readonly chunks: Uint8Array[] = [];
  ended = false;
  closed = false;
  closeError: SocketError | undefined;
  drains = 0;
  #waiters: Array<() => void> = [];

  data(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.#wake();
  }
  end(): void {
    this.ended = true;
    this.#wake();
  }
  close(error?: SocketError): void {
    this.closed = true;
    this.closeError = error;
    this.#wake();
  }
  drain(): void {
    this.drains++;
    this.#wake();
  }

  get length(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  /** Resolves once `done()` holds, or rejects after `ms`. */
  async until(done: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A connected pair over `transport` at `place`: the client end and the server end, each attached to a recorder. */
export async function connectedPair(t: ExecutionContext, transport: StreamTransport, place: Place) {
  const listened = place.listen();
  const accepted: StreamConnection[] = [];
  let arrived: (() => void) | undefined;
  const server = await transport.listen(listened, (connection) => {
    accepted.push(connection);
    arrived?.();
  });
  t.teardown(() => server.close());
  const client = await transport.connect(place.reach(server, listened));
  if (accepted.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
  const far = accepted[0] as StreamConnection;
  const near = new Recorder();
  const farRecorder = new Recorder();
  client.attach(near);
  far.attach(farRecorder);
  t.teardown(() => {
    client.destroy();
    far.destroy();
  });
  return { server, client, far, clientSeen: near, serverSeen: farRecorder };
}

/** Where nobody listens: a place that was listened on and closed. */
async function closedPlace(transport: StreamTransport, place: Place): Promise<ConnectOptions> {
  const listened = place.listen();
  const server: StreamServer = await transport.listen(listened, (connection) => connection.destroy());
  const target = place.reach(server, listened);
  await server.close();
  return target;
}

/** Registers the stream contract for `subject`. */
export function streamContract(subject: StreamSubject): void {
  const title = (place: Place, what: string): string => `${subject.name} on ${place.label}: ${what}`;
  for (const place of subject.places) {
    const host = place;
    const unix = place.listen().path !== undefined;
    test(title(host, 'connect reaches the listener, and each end names the other'), async (t) => {
      const { server, client, far } = await connectedPair(t, subject.make(), host);
      if (unix) {
        t.is(client.remotePort, 0);
        t.is(far.remotePort, 0);
        return;
      }
      t.is(client.remotePort, server.localPort);
      t.is(far.remotePort, client.localPort);
      t.true(client.localPort > 0);
      t.is(client.remoteAddress, place.label);
    });

    test(title(host, 'a connect with nobody listening is refused with kind Refused'), async (t) => {
      const transport = subject.make();
      const error = await t.throwsAsync(transport.connect(await closedPlace(transport, host)));
      t.is((error as SocketError).kind, 'Refused');
    });

    test(title(host, 'a second listener on a port in use fails with kind AddressInUse'), async (t) => {
      const transport = subject.make();
      const listened = place.listen();
      const first = await transport.listen(listened, (connection) => connection.destroy());
      t.teardown(() => first.close());
      const again = listened.path !== undefined ? listened : { ...listened, port: first.localPort };
      const error = await t.throwsAsync(transport.listen(again, () => undefined));
      t.is((error as SocketError).kind, 'AddressInUse');
    });

    test(title(host, 'bytes arrive complete and in order across arbitrary write sizes, both ways'), async (t) => {
      const { client, far, clientSeen, serverSeen } = await connectedPair(t, subject.make(), host);
      const source = new SeededRandom(0x5eed);
      const random = (): number => source.next();
      const sent = new Uint8Array(300_000).map(() => random() & 0xff);
      const back = sent.slice().reverse();
      for (let at = 0; at < sent.length; ) {
        const size = 1 + Math.floor(random() * 9000);
        client.write(sent.subarray(at, at + size));
        far.write(back.subarray(at, at + size));
        at += size;
      }
      await serverSeen.until(() => serverSeen.length >= sent.length, 10_000, 'client bytes');
      await clientSeen.until(() => clientSeen.length >= back.length, 10_000, 'server bytes');
      t.true(Buffer.from(serverSeen.bytes()).equals(Buffer.from(sent)));
      t.true(Buffer.from(clientSeen.bytes()).equals(Buffer.from(back)));
    });

    if (subject.messages === true) {
      test(title(host, 'shutdownOutput: the close follows the queued messages, then both ends close cleanly'), async (t) => {
        const { client, clientSeen, serverSeen } = await connectedPair(t, subject.make(), host);
        t.true(client.messages);
        client.write(Uint8Array.of(1, 2, 3));
        client.write(new Uint8Array(0));
        client.write(Uint8Array.of(4));
        client.shutdownOutput();
        await serverSeen.until(() => serverSeen.ended && serverSeen.closed && clientSeen.closed, 5000, 'close after the messages');
        t.deepEqual(serverSeen.chunks.map((chunk) => [...chunk]), [[1, 2, 3], [], [4]], 'one chunk a message, the empty one too');
        t.is(serverSeen.closeError, undefined);
        t.is(clientSeen.closeError, undefined);
      });
    }

    if (subject.messages !== true) test(title(host, 'half-close: FIN after the queued bytes, and the other way stays open'), async (t) => {
      const { client, far, clientSeen, serverSeen } = await connectedPair(t, subject.make(), host);
      client.write(Uint8Array.of(1, 2, 3));
      client.shutdownOutput();
      await serverSeen.until(() => serverSeen.ended, 5000, 'FIN');
      t.deepEqual([...serverSeen.bytes()], [1, 2, 3]);
      t.false(serverSeen.closed, 'a half-closed connection stays open');
      far.write(Uint8Array.of(9, 8));
      await clientSeen.until(() => clientSeen.length === 2, 5000, 'reply after half-close');
      t.deepEqual([...clientSeen.bytes()], [9, 8]);
      far.shutdownOutput();
      await clientSeen.until(() => clientSeen.ended && clientSeen.closed && serverSeen.closed, 5000, 'both closed');
      t.is(clientSeen.closeError, undefined);
    });

    test(title(host, 'reset: an end destroyed with bytes unread resets a peer that writes on (kind Reset)'), async (t) => {
      const { client, far, clientSeen } = await connectedPair(t, subject.make(), host);
      far.pause();
      client.write(new Uint8Array(64 * 1024).fill(7));
      await new Promise((resolve) => setTimeout(resolve, 50));
      far.destroy();
      // Writing on towards an end that is gone is answered by a reset (ECONNRESET / EPIPE).
      for (let i = 0; i < 200 && !clientSeen.closed; i++) {
        client.write(Uint8Array.of(i));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await clientSeen.until(() => clientSeen.closed, 5000, 'reset');
      t.is(clientSeen.closeError?.kind, 'Reset');
    });

    test(title(host, 'backpressure: a paused reader stops data, the writer sees write() false and bufferedAmount, then drain'), async (t) => {
      const { client, far, serverSeen, clientSeen } = await connectedPair(t, subject.make(), host);
      far.pause();
      const piece = new Uint8Array(64 * 1024).fill(3);
      let written = 0;
      // Write a megabyte a round until the writer is really held back: write() said false in that
      // round and no drain came since (so one is owed), and bytes still wait once the queue has
      // settled. A layered transport such as TLS may take some bytes into its own layer first, a
      // busy machine may still be encrypting or copying, and loopback's buffers grow as the kernel
      // tunes them (a wss run once took all of 2 MiB in): so the settled queue decides, and
      // another round is written while it is empty.
      let heldBack = false;
      for (let round = 0; !heldBack; round++) {
        if (round > 64) {
          t.fail(`the writer was never held back (${written} bytes written)`);
          return;
        }
        let refused = false;
        const drainsThen = clientSeen.drains;
        for (let i = 0; i < 16; i++) {
          refused = !client.write(piece) || refused;
          written += piece.length;
        }
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (!refused || client.bufferedAmount <= 512 * 1024) continue;
        let last = -1;
        for (let i = 0; i < 250 && client.bufferedAmount !== last; i++) {
          last = client.bufferedAmount;
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        heldBack = client.bufferedAmount > 0 && clientSeen.drains === drainsThen;
      }
      const seenWhilePaused = serverSeen.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      t.is(serverSeen.length, seenWhilePaused, 'no data while paused');
      t.true(client.bufferedAmount > 0, `bytes wait while the reader is paused (closed: ${clientSeen.closed} ${String(clientSeen.closeError)}, far closed: ${serverSeen.closed}, far got ${serverSeen.length} of ${written})`);
      const drainsBefore = clientSeen.drains;
      far.resume();
      await clientSeen.until(() => clientSeen.drains > drainsBefore, 10_000, 'drain');
      await serverSeen.until(() => serverSeen.length === written, 10_000, 'every byte');
      t.is(client.bufferedAmount, 0);
    });

    test(title(host, 'close with data queued delivers it, then FIN, and calls every write callback'), async (t) => {
      const { client, serverSeen } = await connectedPair(t, subject.make(), host);
      let callbacks = 0;
      const piece = new Uint8Array(32 * 1024).fill(5);
      for (let i = 0; i < 8; i++) client.write(piece, () => callbacks++);
      client.close();
      await serverSeen.until(() => serverSeen.ended, 10_000, 'FIN after queued data');
      t.is(serverSeen.length, 8 * piece.length);
      await serverSeen.until(() => callbacks === 8, 5000, 'write callbacks');
      t.is(callbacks, 8);
    });

    test(title(host, 'a connection accepted before attach keeps what arrived until then'), async (t) => {
      const transport = subject.make();
      let accepted: StreamConnection | undefined;
      const listened = place.listen();
      const server = await transport.listen(listened, (connection) => (accepted = connection));
      t.teardown(() => server.close());
      const client = await transport.connect(place.reach(server, listened));
      client.attach(new Recorder());
      t.teardown(() => client.destroy());
      client.write(Uint8Array.of(4, 2));
      client.shutdownOutput();
      const seen = new Recorder();
      await seen.until(() => accepted !== undefined, 5000, 'accept');
      await new Promise((resolve) => setTimeout(resolve, 30));
      (accepted as StreamConnection).attach(seen);
      t.teardown(() => accepted?.destroy());
      await seen.until(() => seen.ended, 5000, 'data and FIN after attach');
      t.deepEqual([...seen.bytes()], [4, 2]);
    });
  }
}
