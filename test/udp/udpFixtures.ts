/**
 * Loopback fixtures for the UDP tests: bound sockets on port 0, closed in `t.teardown`, and a
 * bound on every wait so a lost datagram fails the test instead of hanging it.
 */
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';

/** The two address families every matrix runs on. */
export const FAMILIES = [4, 6] as const;

/** An address family. */
export type Family = (typeof FAMILIES)[number];

/** The loopback address of `family`. */
export const loopback = (family: Family): IpAddress => (family === 4 ? IpAddress.LocalHost : IpAddress.LocalHostV6);

export { sleep } from '../helpers/loopback.js';
import { sleep } from '../helpers/loopback.js';

/** `promise`, or a rejection when it has not settled within `ms` (a safety net, not a timing assertion). */
export function within<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A new socket that is unbound at teardown. */
export function unboundSocket(t: ExecutionContext, options?: SocketOptions): UdpSocket {
  const socket = new UdpSocket(options);
  t.teardown(() => socket.unbind());
  return socket;
}

/** A socket bound to port 0 on `address` (the loopback of `family` by default). */
export async function boundSocket(t: ExecutionContext, family: Family, options?: SocketOptions, address = loopback(family)): Promise<UdpSocket> {
  const socket = unboundSocket(t, options);
  const result = await socket.bind(0, address);
  t.is(result.status, SocketStatus.Done, `bind ${address}`);
  return socket;
}

/** Waits (bounded) until `socket` holds a datagram or dropped `dropped` of them. */
export async function settled(socket: UdpSocket, dropped = 0): Promise<void> {
  for (let i = 0; i < 200 && !(socket.readiness.ready && socket.getDroppedCount() >= dropped); i++) await sleep(5);
}

/** The bytes of `text`. */
export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The text of `data`. */
export const text = (data: Uint8Array): string => new TextDecoder().decode(data);
