import { IpAddress } from '../address/IpAddress.js';
import { SocketError } from '../core/SocketError.js';
import type { SecurityError } from '../security/SecurityError.js';
import { denial } from '../security/admits.js';
import type { SocketContext } from '../services/SocketContext.js';
import type { StreamConnection } from '../transport/StreamTransport.js';

/**
 * The connect procedure of a `TcpSocket`: resolve, ask the security manager about each
 * address, and only then open a connection, trying the addresses in order until one answers.
 *
 * @internal
 * @module
 */

/** Resolves `remote` through the context's resolver; a failure or no address is a `Resolve` error. */
async function candidates(context: SocketContext, remote: IpAddress | string): Promise<IpAddress[] | SocketError> {
  if (remote instanceof IpAddress) return [remote];
  try {
    const found = await IpAddress.resolveAll(remote, context.resolver);
    return found.length > 0 ? found : new SocketError('Resolve', `connect: ${remote} has no address`, { code: 'ENOTFOUND' });
  } catch (cause) {
    return SocketError.is(cause) ? cause : new SocketError('Resolve', `connect: cannot resolve ${remote}`, { cause });
  }
}

/** Asks the security manager; `SecurityError` denies, anything else it throws is a bug and propagates. */
export function checkConnect(context: SocketContext, address: IpAddress, port: number): SecurityError | undefined {
  return denial(() => context.securityManager.checkConnect(address, port));
}

/** The `Timeout` error of a connect that ran out of time. */
function timedOut(remote: IpAddress | string, port: number, timeoutMs: number): SocketError {
  return new SocketError('Timeout', `connect ${String(remote)}:${port}: no answer within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
}

/** {@link candidates}, but a `Timeout` error once `timeoutMs` (> 0) pass first: a hung resolver cannot hold a connect. */
function candidatesWithin(context: SocketContext, remote: IpAddress | string, port: number, timeoutMs: number): Promise<IpAddress[] | SocketError> {
  const resolving = candidates(context, remote);
  if (timeoutMs <= 0 || remote instanceof IpAddress) return resolving;
  return new Promise((settle) => {
    const cancel = context.clock.schedule(() => settle(timedOut(remote, port, timeoutMs)), timeoutMs);
    void resolving.then((outcome) => {
      cancel();
      settle(outcome);
    });
  });
}

/**
 * Opens a connection to `remote`:`port`, or gives the error that prevented it.
 *
 * @param timeoutMs - a deadline for the whole attempt, name resolution included, over all addresses; 0 for none.
 */
export async function openConnection(
  context: SocketContext,
  remote: IpAddress | string,
  port: number,
  timeoutMs: number,
): Promise<StreamConnection | SocketError> {
  const deadline = timeoutMs > 0 ? context.clock.now() + timeoutMs : 0;
  const addresses = await candidatesWithin(context, remote, port, timeoutMs);
  if (addresses instanceof SocketError) return addresses;
  let failure: SocketError | undefined;
  for (const address of addresses) {
    const denied = checkConnect(context, address, port);
    if (denied !== undefined) {
      failure ??= denied;
      continue;
    }
    const left = deadline === 0 ? 0 : Math.ceil(deadline - context.clock.now());
    if (deadline !== 0 && left <= 0) break;
    try {
      return await context.streamTransport.connect({ host: address.toString(), port, timeoutMs: left });
    } catch (cause) {
      failure = SocketError.is(cause) ? cause : new SocketError('System', `connect ${address}:${port} failed`, { cause });
    }
  }
  return failure ?? timedOut(remote, port, timeoutMs);
}
