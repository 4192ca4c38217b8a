/**
 * Loopback fixtures shared by the socket tests: listeners and connected pairs on port 0,
 * raw `node:net` peers for byte-level control, each closed in `t.teardown`.
 */
import net from 'node:net';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import type { SocketOptions } from '../../src/services/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

/** The two loopback hosts every matrix runs on. */
export const HOSTS = ['127.0.0.1', '::1'] as const;

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A listening `TcpListener` on port 0, closed at teardown. */
export async function listening(t: ExecutionContext, host = '127.0.0.1', options?: SocketOptions): Promise<TcpListener> {
  const listener = new TcpListener(options);
  t.teardown(() => listener.close());
  const result = await listener.listen(0, IpAddress.parse(host));
  t.is(result.status, SocketStatus.Done, `listen on ${host}`);
  return listener;
}

/** A connected client/server pair of `TcpSocket`s through a listener on `host`. */
export async function connectedPair(
  t: ExecutionContext,
  host = '127.0.0.1',
  options?: SocketOptions,
): Promise<{ listener: TcpListener; client: TcpSocket; server: TcpSocket }> {
  const listener = await listening(t, host, options);
  const client = new TcpSocket(options);
  const server = new TcpSocket(options);
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
  });
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.parse(host), listener.getLocalPort()), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done, 'connect');
  t.is(accepted.status, SocketStatus.Done, 'accept');
  return { listener, client, server };
}

/** A raw `node:net` server that records every connection it gets, closed at teardown. */
export async function rawServer(t: ExecutionContext, host = '127.0.0.1'): Promise<{ port: number; sockets: net.Socket[]; next: () => Promise<net.Socket> }> {
  const sockets: net.Socket[] = [];
  const waiting: Array<(socket: net.Socket) => void> = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    waiting.shift()?.(socket);
  });
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const next = (): Promise<net.Socket> =>
    sockets.length > waiting.length ? Promise.resolve(sockets[waiting.length] as net.Socket) : new Promise((resolve) => waiting.push(resolve));
  return { port, sockets, next };
}

/** A raw `node:net` client connected to `host`:`port`, destroyed at teardown. */
export async function rawClient(t: ExecutionContext, port: number, host = '127.0.0.1'): Promise<net.Socket> {
  const socket = net.createConnection({ host, port, allowHalfOpen: true });
  socket.on('error', () => undefined);
  t.teardown(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return socket;
}

/** A `TcpSocket` accepted from `listener` while a raw client connects to it. */
export async function acceptRaw(t: ExecutionContext, listener: TcpListener, host = '127.0.0.1'): Promise<{ raw: net.Socket; server: TcpSocket }> {
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [raw, accepted] = await Promise.all([rawClient(t, listener.getLocalPort(), host), listener.accept(server)]);
  t.is(accepted.status, SocketStatus.Done);
  return { raw, server };
}

/** SFML's TCP frame of `payload`: a 32-bit big-endian size, then the bytes. */
export function frame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.set(payload, 4);
  return out;
}

/** Collects everything a raw socket receives until it ends. */
export function collect(socket: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => socket.once('end', () => resolve(Buffer.concat(chunks))));
}
