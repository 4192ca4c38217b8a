import type { IpAddress } from '../address/IpAddress.js';
import type { Logger } from '../services/Logger.js';
import { SecurityError } from './SecurityError.js';
import type { SecurityManager } from './SecurityManager.js';

/**
 * Runs one security check for a caller that is on the stack: a `SecurityError` is the denial,
 * returned; anything else the manager throws is a bug in it and propagates.
 *
 * @returns the denial, or `undefined` when allowed.
 * @internal
 */
export function denial(check: () => void): SecurityError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof SecurityError) return error;
    throw error;
  }
}

/**
 * Asks `checkAccept` about a peer that arrived on a network event (an accepted client, a
 * received datagram). A denial is a `SecurityError`; anything else the manager throws is a bug
 * in it, and since no caller is on the stack to receive it, the peer is refused (fail closed)
 * and the error logged instead of thrown out of the event loop.
 *
 * @param who - names the caller in log messages, e.g. `'TcpListener'`.
 * @returns `true` when the peer is admitted.
 * @internal
 */
export function admits(securityManager: SecurityManager, logger: Logger, who: string, address: IpAddress, port: number): boolean {
  try {
    securityManager.checkAccept(address, port);
    return true;
  } catch (error) {
    if (error instanceof SecurityError) logger.debug(`${who}: peer denied`, { address: String(address), port });
    else logger.warn(`${who}: checkAccept threw; peer refused`, { address: String(address), port, error });
    return false;
  }
}
