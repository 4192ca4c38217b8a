import { IpAddress } from '../address/IpAddress.js';
import type { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { SocketError } from '../core/SocketError.js';
import type { SocketContext } from '../socket/SocketContext.js';
import type { StreamConnection } from '../transport/StreamTransport.js';

/**
 * The connect procedure of a `TcpSocket`: the context's security gate resolves the target and
 * keeps the addresses `checkConnect` allows (normalised to the address really reached), and only
 * then are connections opened, to those addresses in order until one answers.
 *
 * @internal
 * @module
 */

/** The `Timeout` error of a connect that ran out of time. */
function timedOut(remote: IpAddress | string, port: number, timeoutMs: number): SocketError {
  return new SocketError('Timeout', `connect ${String(remote)}:${port}: no answer within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
}

/** The gate's answer for `remote`, or a `Timeout` error once `timeoutMs` (> 0) pass first: a hung resolver cannot hold a connect. */
function allowedWithin(context: SocketContext, remote: IpAddress | string, port: number, timeoutMs: number): Promise<IpAddress[] | SocketError> {
  const resolving = context.gate.destinations(remote, port);
  if (timeoutMs <= 0 || remote instanceof IpAddress) return resolving;
  return new Promise((settle) => {
    const cancel = context.clock.schedule(() => settle(timedOut(remote, port, timeoutMs)), timeoutMs);
    void resolving.then((outcome) => {
      cancel();
      settle(outcome);
    });
  });
}

/** The clock time a connect given `timeoutMs` (0: none) gives up at; 0 for none. */
export function deadlineOf(context: SocketContext, timeoutMs: number): number {
  return timeoutMs > 0 ? context.clock.now() + timeoutMs : 0;
}

/**
 * Opens a connection to one of `allowed` (addresses that already passed the gate), trying them
 * in order, or gives the error of the last attempt.
 *
 * @param deadline - the clock time to give up at; 0 for none.
 */
export async function connectToAllowed(
  context: SocketContext,
  allowed: readonly IpAddress[],
  port: number,
  deadline: number,
  remote: IpAddress | string,
  timeoutMs: number,
): Promise<StreamConnection | SocketError> {
  let failure: SocketError | undefined;
  for (const address of allowed) {
    const left = deadline === 0 ? 0 : Math.ceil(deadline - context.clock.now());
    if (deadline !== 0 && left <= 0) break;
    try {
      const name = typeof remote === 'string' && IpAddress.tryParse(remote) === null ? remote : undefined;
      return await context.streamTransport.connect({ host: address.toString(), port, timeoutMs: left, name, limits: context.limits });
    } catch (cause) {
      failure = SocketError.is(cause) ? cause : new SocketError('System', `connect ${address}:${port} failed`, { cause });
    }
  }
  return failure ?? timedOut(remote, port, timeoutMs);
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
  const deadline = deadlineOf(context, timeoutMs);
  const allowed = await allowedWithin(context, remote, port, timeoutMs);
  if (allowed instanceof SocketError) return allowed;
  return connectToAllowed(context, allowed, port, deadline, remote, timeoutMs);
}

/**
 * Opens a connection to a Unix domain socket once `checkPath('connect', path)` allowed it, or
 * gives the error that prevented it.
 */
export function openPathConnection(context: SocketContext, path: UnixSocketAddress, timeoutMs: number): Promise<StreamConnection | SocketError> {
  const denied = context.gate.pathDenial('connect', path);
  return denied !== undefined ? Promise.resolve(denied) : connectToPath(context, path, timeoutMs);
}

/** Opens a connection to a Unix domain socket that already passed `checkPath('connect', …)`. */
export async function connectToPath(context: SocketContext, path: UnixSocketAddress, timeoutMs: number): Promise<StreamConnection | SocketError> {
  try {
    return await context.streamTransport.connect({ host: '', port: 0, path: path.path, timeoutMs, limits: context.limits });
  } catch (cause) {
    return SocketError.is(cause) ? cause : new SocketError('System', `connect ${String(path)} failed`, { cause });
  }
}
