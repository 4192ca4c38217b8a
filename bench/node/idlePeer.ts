/** Many idle connections to one server: the servers (SDK, raw, ws) and the one client that drives them all. */
import net from 'node:net';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { WebSocketServer } from 'ws';
import type { PeerSpec } from '../lib/spec.js';
import { ready, report } from './common.js';
import { RawFramer } from './RawFramer.js';

/** Counts accepts, measures memory once all are in, and reports when every connection closed. */
export class IdleBook {
  readonly #spec: PeerSpec;
  readonly #rssBefore: number;
  readonly #heapBefore = process.memoryUsage().heapUsed;
  #accepted = 0;
  #closed = 0;
  #served = 0;
  #t0 = 0;

  constructor(spec: PeerSpec) {
    this.#spec = spec;
    this.#rssBefore = settledRss();
  }

  accepted(): void {
    if (this.#accepted++ === 0) this.#t0 = performance.now();
    if (this.#accepted !== this.#spec.connections) return;
    const acceptMs = performance.now() - this.#t0;
    setTimeout(() => {
      const rssAfter = settledRss();
      const heapPerConnection = (process.memoryUsage().heapUsed - this.#heapBefore) / this.#accepted;
      report('MEASURED', { accepted: this.#accepted, acceptMs, rssBefore: this.#rssBefore, rssAfter, heapPerConnection });
    }, 300);
  }

  served(): void {
    this.#served++;
  }

  closed(): void {
    if (++this.#closed === this.#spec.connections) {
      report('RESULT', { served: this.#served });
      process.exit(0);
    }
  }
}

/** Resident memory after a full collection (run with `--expose-gc`). */
function settledRss(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  return process.memoryUsage().rss;
}

/** The SDK server: one blocking receive loop per accepted `TcpSocket`. */
export async function sdkIdleServer(spec: PeerSpec): Promise<void> {
  const book = new IdleBook(spec);
  const listener = new TcpListener();
  if ((await listener.listen(0, IpAddress.parse(spec.host))).status !== SocketStatus.Done) throw new Error('listen failed');
  ready(listener.getLocalPort());
  const serve = async (socket: TcpSocket): Promise<void> => {
    const packet = new Packet();
    while ((await socket.receive(packet)).status === SocketStatus.Done) {
      await socket.send(packet);
      book.served();
    }
    socket.disconnect();
    book.closed();
  };
  for (let i = 0; i < spec.connections; i++) {
    const socket = new TcpSocket();
    if ((await listener.accept(socket)).status !== SocketStatus.Done) throw new Error('accept failed');
    book.accepted();
    void serve(socket);
  }
  void listener.close(); // resolves only once every accepted connection is closed (node:net)
}

/** The raw `node:net` server with the hand-written framing. */
export function rawIdleServer(spec: PeerSpec): void {
  const book = new IdleBook(spec);
  const server = net.createServer((socket) => {
    book.accepted();
    const framer = new RawFramer(socket, (payload) => {
      framer.send(payload);
      book.served();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => book.closed());
  });
  server.listen({ port: 0, host: spec.host, backlog: 4096 }, () => ready((server.address() as net.AddressInfo).port));
}

/** The `ws` server. */
export function wsIdleServer(spec: PeerSpec): void {
  const book = new IdleBook(spec);
  const server = new WebSocketServer({ host: spec.host, port: 0, perMessageDeflate: false, backlog: 4096 });
  server.on('listening', () => ready((server.address() as net.AddressInfo).port));
  server.on('connection', (socket) => {
    book.accepted();
    socket.on('message', (data: Buffer) => {
      socket.send(data, { binary: true });
      book.served();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => book.closed());
  });
}
