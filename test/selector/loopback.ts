/**
 * Loopback fixtures for the selector tests: listeners and connected pairs on port 0, each
 * closed in `t.teardown`.
 */
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

/** The two loopback hosts the matrices run on. */
export const HOSTS = ['127.0.0.1', '::1'] as const;

/** A listening `TcpListener` on port 0 of `host`, closed at teardown. */
export async function listenOn(t: ExecutionContext, host: string): Promise<TcpListener> {
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.parse(host))).status, SocketStatus.Done, `listen on ${host}`);
  return listener;
}

/** A client that connects to `listener` (on `host`) and the server-side socket accepting it. */
export async function pairOn(t: ExecutionContext, listener: TcpListener, host: string): Promise<{ client: TcpSocket; server: TcpSocket }> {
  const client = new TcpSocket();
  const server = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
  });
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.parse(host), listener.getLocalPort()), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done, 'connect');
  t.is(accepted.status, SocketStatus.Done, 'accept');
  return { client, server };
}

/** A listener on `host` and one connected pair through it. */
export async function connectedPair(t: ExecutionContext, host = '127.0.0.1'): Promise<{ listener: TcpListener; client: TcpSocket; server: TcpSocket }> {
  const listener = await listenOn(t, host);
  return { listener, ...(await pairOn(t, listener, host)) };
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
