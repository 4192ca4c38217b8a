/**
 * Security policies: a `PolicySecurityManager` for a loopback game server, what a denied
 * operation returns, and asking a policy directly. Copied into `docs/guides/security-policies.md`.
 *
 * @module
 */
import { IpAddress, PolicySecurityManager, SecurityError, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

// #region policy
/** Connect only to loopback on high ports; listen on loopback; refuse one client range. */
export const policy = new PolicySecurityManager({
  connect: { allow: ['127.0.0.0/8', '::1'], ports: [[1024, 65535]] },
  listen: { allow: ['127.0.0.1', '::1'], ports: [0, [1024, 65535]] }, // 0: "any free port"
  accept: { deny: ['192.0.2.0/24'] },
});
// #endregion policy

/**
 * Shows the policy at work: a listen on every interface and a connect to a low port are denied,
 * a listen on loopback is allowed.
 *
 * @returns the outcomes.
 */
export async function policyAtWork(): Promise<{ listenAny: string; listenLoopback: SocketStatus; connectLow: string }> {
  // #region denied
  const listener = new TcpListener({ securityManager: policy });
  const any = await listener.listen(0); // IpAddress.Any is not in listen.allow
  const listenAny = any.error instanceof SecurityError ? `${any.error.check} denied: ${any.error.message}` : any.status;
  const loopback = await listener.listen(0, IpAddress.LocalHost); // allowed
  const socket = new TcpSocket({ securityManager: policy });
  const low = await socket.connect(IpAddress.LocalHost, 80); // nothing is opened, nothing is sent
  const connectLow = low.status === SocketStatus.Error && low.error instanceof SecurityError ? `denied on port ${low.error.port}` : low.status;
  // #endregion denied
  await listener.close();
  return { listenAny, listenLoopback: loopback.status, connectLow };
}

/**
 * Asks the policy directly, as a test or an admin command would.
 *
 * @param address - a client address.
 * @returns `null` when allowed, else the denial's message.
 */
export function wouldAccept(address: string): string | null {
  // #region ask
  try {
    policy.checkAccept(IpAddress.parse(address), 50000);
    return null;
  } catch (error) {
    if (error instanceof SecurityError) return error.message; // names the rule that denied
    throw error;
  }
  // #endregion ask
}
