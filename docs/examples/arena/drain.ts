/**
 * Draining non-blocking sockets, SFML style: receive until `NotReady`, with a bound per call so
 * one busy peer cannot hold the loop.
 *
 * @module
 */
import { type IpAddress, Packet, SocketStatus, type TcpSocket, type UdpSocket } from '../../../src/index.js';

/**
 * Receives the whole packets queued on a non-blocking, connected TCP socket.
 *
 * @param socket - the socket (non-blocking).
 * @param handle - called with each packet; it may close the socket, which ends the drain.
 * @param max - packets to take at most in this call.
 * @returns the last receive's status: `NotReady` when all was taken, `Disconnected` or `Error`
 *   when the connection is gone, `Done` when `max` was reached or `handle` closed the socket.
 * @example
 * ```ts
 * const status = await drainTcp(client, (packet) => handleMessage(packet));
 * if (status === SocketStatus.Disconnected || status === SocketStatus.Error) dropClient();
 * ```
 */
export async function drainTcp(socket: TcpSocket, handle: (packet: Packet) => void | Promise<void>, max = 64): Promise<SocketStatus> {
  for (let i = 0; i < max && !socket.isClosed(); i++) {
    const packet = new Packet();
    const { status } = await socket.receive(packet);
    if (status !== SocketStatus.Done) return status;
    await handle(packet);
  }
  return SocketStatus.Done;
}

/**
 * Receives the datagrams queued on a non-blocking, bound UDP socket.
 *
 * @param socket - the socket (non-blocking).
 * @param handle - called with each datagram and its sender.
 * @param max - datagrams to take at most in this call.
 * @returns how many datagrams were taken.
 */
export async function drainUdp(socket: UdpSocket, handle: (packet: Packet, address: IpAddress, port: number) => void, max = 1024): Promise<number> {
  let taken = 0;
  while (taken < max && socket.isBound()) {
    const packet = new Packet();
    const { status, address, port } = await socket.receive(packet);
    if (status !== SocketStatus.Done || address === null) break;
    taken++;
    handle(packet, address, port);
  }
  return taken;
}

/**
 * Whether a TCP status means the connection is over.
 *
 * @param status - a receive's or send's status.
 * @returns `true` for `Disconnected` and `Error`.
 */
export const isGone = (status: SocketStatus): boolean => status === SocketStatus.Disconnected || status === SocketStatus.Error;
