/**
 * Loopback fixtures shared by the socket tests: listeners and connected pairs on port 0,
 * raw `node:net` peers for byte-level control, each closed in `t.teardown`.
 */
import net from 'node:net';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
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

/** A client that connects to `listener` (on `host`) and the server-side socket accepting it. */
export async function pairOn(
  t: ExecutionContext,
  listener: TcpListener,
  host = '127.0.0.1',
  options?: SocketOptions,
): Promise<{ client: TcpSocket; server: TcpSocket }> {
  const client = new TcpSocket(options);
  const server = new TcpSocket(options);
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
  });
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.parse(host), listener.getLocalPort()), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done, 'connect');
  t.is(accepted.status, SocketStatus.Done, 'accept');
  return { client, server };
}

/** A listener on `host` and one connected client/server pair of `TcpSocket`s through it. */
export async function connectedPair(
  t: ExecutionContext,
  host = '127.0.0.1',
  options?: SocketOptions,
): Promise<{ listener: TcpListener; client: TcpSocket; server: TcpSocket }> {
  const listener = await listening(t, host, options);
  return { listener, ...(await pairOn(t, listener, host, options)) };
}

/** A packet holding one string. */
export function text(value: string): Packet {
  return new Packet().writeString(value);
}

/** Sends one string packet and checks it went out. */
export async function sendText(t: ExecutionContext, socket: TcpSocket, value: string): Promise<void> {
  t.is((await socket.send(text(value))).status, SocketStatus.Done, `send ${value}`);
}

/** Receives one string packet, checking the status. */
export async function receiveText(t: ExecutionContext, socket: TcpSocket): Promise<string> {
  const packet = new Packet();
  t.is((await socket.receive(packet)).status, SocketStatus.Done, 'receive');
  return packet.readString();
}

/** Resolves after every pending microtask and I/O callback of this turn has run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
