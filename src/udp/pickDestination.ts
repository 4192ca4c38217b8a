import { IpAddress } from '../address/IpAddress.js';
import { SocketError } from '../core/SocketError.js';
import type { SocketContext } from '../services/SocketContext.js';
import { checkConnect } from '../tcp/openConnection.js';

/**
 * Where a `UdpSocket` sends a datagram: resolve the destination, keep the addresses the socket
 * can reach from where it is bound, and ask the security manager about them in order.
 *
 * @internal
 * @module
 */

/**
 * Whether a socket bound to `local` can send to `address`: the same family, or any IPv4 address
 * from the dual-stack IPv6 "any" address `::`. An unbound socket (`local` is `null`) reaches both.
 */
export function reachable(address: IpAddress, local: IpAddress | null): boolean {
  if (local === null || local.family === address.family) return true;
  return local.family === 6 && local.isUnspecified();
}

/** Every address of `remote` (itself when it is an address), or the `Resolve` error why there is none. */
async function addressesOf(context: SocketContext, remote: IpAddress | string): Promise<IpAddress[] | SocketError> {
  if (remote instanceof IpAddress) return [remote];
  try {
    const found = await IpAddress.resolveAll(remote, context.resolver);
    if (found.length > 0) return found;
    return new SocketError('Resolve', `send: ${remote} has no address`, { code: 'ENOTFOUND' });
  } catch (cause) {
    return SocketError.is(cause) ? cause : new SocketError('Resolve', `send: cannot resolve ${remote}`, { cause });
  }
}

/**
 * The first of `candidates` (one address, or several) that the socket bound to `local` can
 * reach and that `checkConnect` allows: the synchronous half of {@link pickDestination}.
 *
 * @returns the address; or the first denial (a `SecurityError`) when every reachable address is
 *   denied; or an `Unreachable` error.
 */
export function chooseDestination(
  context: SocketContext,
  candidates: IpAddress | readonly IpAddress[],
  port: number,
  local: IpAddress | null,
  remote: IpAddress | string,
): IpAddress | SocketError {
  if (candidates instanceof IpAddress) {
    // One address (a send to an IpAddress, every datagram of a game loop): no list to make.
    if (reachable(candidates, local)) return checkConnect(context, candidates, port) ?? candidates;
    candidates = [];
  }
  let denial: SocketError | undefined;
  for (const address of candidates) {
    if (!reachable(address, local)) continue;
    const denied = checkConnect(context, address, port);
    if (denied === undefined) return address;
    denial ??= denied;
  }
  return (
    denial ??
    new SocketError('Unreachable', `send: no address of ${String(remote)} is reachable from a socket bound to ${String(local)} (IPv${local?.family})`)
  );
}

/**
 * The address to send to: the first address of `remote` that the socket bound to `local` can
 * reach and that `checkConnect` allows.
 *
 * @returns the address; or the first denial (a `SecurityError`) when every reachable address is
 *   denied; or a `Resolve` / `Unreachable` error.
 */
export async function pickDestination(
  context: SocketContext,
  remote: IpAddress | string,
  port: number,
  local: IpAddress | null,
): Promise<IpAddress | SocketError> {
  const found = await addressesOf(context, remote);
  return found instanceof SocketError ? found : chooseDestination(context, found, port, local, remote);
}
