/**
 * Dependency injection: sockets from a container, rebinding a service in one line, a custom
 * `SecurityManager`, and the SDK's module in a container of your own. Pulled into
 * `docs/guides/dependency-injection.md`.
 *
 * @module
 */
import { Container } from 'inversify';
import { createContainer, createSdkModule, Tokens } from '../../../src/di/index.js';
import { IpAddress, type Resolver, SecurityError, SecurityManager, SocketStatus, TcpSocket } from '../../../src/index.js';

/**
 * Makes a socket from a container with a smaller packet limit.
 *
 * @returns the socket's packet limit.
 */
export function containerSocket(): number {
  // #region container
  const container = createContainer({ limits: { maxPacketSize: 64 * 1024 } });
  const socket = container.get(TcpSocket); // or container.get<TcpSocket>(Tokens.TcpSocket)
  // #endregion container
  return socket.getMaxPacketSize();
}

/**
 * Rebinds the resolver so that `game.test` is 127.0.0.1, then connects by name.
 *
 * @param port - a port listening on 127.0.0.1.
 * @returns the connect status.
 */
export async function connectThroughFixedResolver(port: number): Promise<SocketStatus> {
  // #region rebind-resolver
  const container = createContainer();
  const fixed: Resolver = { lookup: async (name) => (name === 'game.test' ? ['127.0.0.1'] : []) };
  container.rebind(Tokens.Resolver).toConstantValue(fixed); // sockets made from now on use it
  const socket = container.get(TcpSocket);
  const { status } = await socket.connect('game.test', port);
  // #endregion rebind-resolver
  socket.disconnect();
  return status;
}

// #region custom-manager
/** Records every check and denies connects to ports below 1024. */
export class AuditingSecurityManager extends SecurityManager {
  readonly log: string[] = [];

  override checkConnect(address: IpAddress, port: number): void {
    this.log.push(`connect ${String(address)} ${port}`);
    if (port < 1024) throw new SecurityError('connect', address, port, 'privileged port');
  }

  override checkListen(port: number, address: IpAddress): void {
    this.log.push(`listen ${String(address)} ${port}`);
  }

  override checkAccept(address: IpAddress, port: number): void {
    this.log.push(`accept ${String(address)} ${port}`);
  }
}
// #endregion custom-manager

/**
 * Binds the auditing manager in a container of one's own, through the SDK's module.
 *
 * @returns the manager's log after one denied connect, and the connect status.
 */
export async function auditedConnect(): Promise<{ log: string[]; status: SocketStatus; denied: boolean }> {
  // #region own-container
  const audit = new AuditingSecurityManager();
  const container = new Container();
  container.load(createSdkModule({ securityManager: audit }));
  const socket = container.get(TcpSocket);
  const { status, error } = await socket.connect(IpAddress.LocalHost, 80); // denied: nothing is opened
  // #endregion own-container
  return { log: audit.log, status, denied: error instanceof SecurityError };
}

/**
 * Without a container: pass the services to the constructor.
 *
 * @returns whether the plain socket's connect was denied.
 */
export async function withoutContainer(): Promise<boolean> {
  // #region plain-new
  const socket = new TcpSocket({ securityManager: new AuditingSecurityManager() });
  const { error } = await socket.connect(IpAddress.LocalHost, 22);
  // #endregion plain-new
  return error instanceof SecurityError;
}
