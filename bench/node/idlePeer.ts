/** Many idle connections to one server: the servers (SDK, raw, ws) and the one client that drives them all. */
import net from 'node:net';
import v8 from 'node:v8';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { WebSocketServer } from 'ws';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import type { PeerSpec } from '../lib/spec.js';
import { ready, report } from './common.js';
import { RawFramer } from './RawFramer.js';

/** Counts accepts, measures memory once all are in, and reports when every connection closed. */
export class IdleBook {
  readonly #spec: PeerSpec;
  readonly #rssBefore: number;
  readonly #youngBefore: number;
  readonly #heapBefore = process.memoryUsage().heapUsed;
  #accepted = 0;
  #closed = 0;
  #served = 0;
  #t0 = 0;

  constructor(spec: PeerSpec) {
    this.#spec = spec;
    this.#rssBefore = settledRss();
    this.#youngBefore = youngGeneration();
  }

  accepted(): void {
    if (this.#accepted++ === 0) this.#t0 = performance.now();
    if (this.#accepted !== this.#spec.connections) return;
    const acceptMs = performance.now() - this.#t0;
    setTimeout(() => {
      const rssAfter = settledRss();
      const heapPerConnection = (process.memoryUsage().heapUsed - this.#heapBefore) / this.#accepted;
      const young = { youngBefore: this.#youngBefore, youngAfter: youngGeneration() };
      report('MEASURED', { accepted: this.#accepted, acceptMs, rssBefore: this.#rssBefore, rssAfter, heapPerConnection, ...young });
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

/** Bytes V8's young generation (new space) holds committed: its sizing step, empty after a full collection. */
function youngGeneration(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
}

/** Resident memory after a full collection (run with `--expose-gc`). */
function settledRss(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  return process.memoryUsage().rss;
}

/**
 * The SDK server as SFML's is written: one `SocketSelector` over the listener and every client
 * (non-blocking), answering only the sockets the last wait reported ready.
 */
export async function sdkIdleServer(spec: PeerSpec, options?: SocketOptions): Promise<void> {
  const book = new IdleBook(spec);
  const listener = new TcpListener(options);
  if ((await listener.listen(0, IpAddress.parse(spec.host))).status !== SocketStatus.Done) throw new Error('listen failed');
  listener.setBlocking(false);
  ready(listener.getLocalPort());
  const selector = new SocketSelector();
  selector.add(listener);
  const packet = new Packet();
  let open = spec.connections;
  while (open > 0) {
    await selector.wait();
    for (const socket of selector.readySockets()) {
      if (socket === listener) await acceptAll(listener, selector, book);
      else if (!(await echo(socket as TcpSocket, packet, book))) {
        selector.remove(socket);
        open--;
      }
    }
  }
  void listener.close();
}

/** Accepts every pending client into the selector (the listener is non-blocking). */
async function acceptAll(listener: TcpListener, selector: SocketSelector, book: IdleBook): Promise<void> {
  for (;;) {
    const socket = new TcpSocket();
    if ((await listener.accept(socket)).status !== SocketStatus.Done) return;
    socket.setBlocking(false);
    selector.add(socket);
    book.accepted();
  }
}

/** Echoes what a ready socket has; `false` once its peer is gone. */
async function echo(socket: TcpSocket, packet: Packet, book: IdleBook): Promise<boolean> {
  const { status } = await socket.receive(packet);
  if (status === SocketStatus.NotReady) return true;
  if (status === SocketStatus.Done) {
    await socket.send(packet);
    book.served();
    return true;
  }
  socket.disconnect();
  book.closed();
  return false;
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
