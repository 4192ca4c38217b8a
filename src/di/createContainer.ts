import { Container, ContainerModule, type ResolutionContext, type ServiceIdentifier } from 'inversify';
import { SocketContext, type SocketOptions } from '../socket/SocketContext.js';
import { Tokens } from './Tokens.js';
import { SocketSelector } from '../selector/SocketSelector.js';
import { TcpListener } from '../tcp/TcpListener.js';
import { TcpSocket } from '../tcp/TcpSocket.js';
import { UdpSocket } from '../udp/UdpSocket.js';
import { Dns } from '../socket/Dns.js';

/** The context made of the services bound now. */
function contextOf(context: ResolutionContext): SocketContext {
  return new SocketContext(
    context.get(Tokens.SecurityManager),
    context.get(Tokens.Resolver),
    context.get(Tokens.Clock),
    context.get(Tokens.Logger),
    context.get(Tokens.StreamTransport),
    context.get(Tokens.DatagramTransport),
    context.get(Tokens.Limits),
  );
}

/**
 * The SDK's bindings as an inversify `ContainerModule`, to load into a container of your own.
 *
 * @remarks
 * Imported from `sfnet/di`, which needs the optional peer dependencies `inversify` and
 * `reflect-metadata` installed.
 *
 * Services are singletons (constants); the `SocketContext` and every socket class are
 * transient, so each `get` makes a new socket wired with the services bound at that moment.
 * Socket classes are bound both under their `Tokens` and as themselves.
 *
 * @param options - services to bind instead of the defaults.
 * @returns the module.
 * @example
 * ```ts
 * const container = new Container();
 * container.load(createSdkModule({ securityManager: new PolicySecurityManager({ connect: { allow: ['127.0.0.0/8'] } }) }));
 * const socket = container.get(TcpSocket);
 * ```
 */
export function createSdkModule(options: SocketOptions = {}): ContainerModule {
  const base = SocketContext.from(options);
  return new ContainerModule(({ bind }) => {
    bind(Tokens.SecurityManager).toConstantValue(base.securityManager);
    bind(Tokens.Resolver).toConstantValue(base.resolver);
    bind(Tokens.Clock).toConstantValue(base.clock);
    bind(Tokens.Logger).toConstantValue(base.logger);
    bind(Tokens.StreamTransport).toConstantValue(base.streamTransport);
    bind(Tokens.DatagramTransport).toConstantValue(base.datagramTransport);
    bind(Tokens.Limits).toConstantValue(base.limits);
    bind(Tokens.SocketContext)
      .toDynamicValue((context) => contextOf(context))
      .inTransientScope();
    // Sockets are built by factories, not by decorator metadata: the socket classes stay plain
    // (no inversify, no reflect-metadata in the main entry), and each gets the context bound now.
    const transient = <T>(token: ServiceIdentifier<T>, type: new (context: SocketContext) => T): void => {
      const make = (context: ResolutionContext): T => new type(context.get(Tokens.SocketContext));
      bind(token).toDynamicValue(make).inTransientScope();
      bind(type).toDynamicValue(make).inTransientScope();
    };
    transient(Tokens.TcpSocket, TcpSocket);
    transient(Tokens.TcpListener, TcpListener);
    transient(Tokens.UdpSocket, UdpSocket);
    transient(Tokens.SocketSelector, SocketSelector);
    transient(Tokens.Dns, Dns);
  });
}

/**
 * A container with the SDK's default wiring: the one-line start for dependency injection.
 *
 * @remarks
 * Imported from `sfnet/di`, which needs the optional peer dependencies `inversify` and
 * `reflect-metadata` installed: `import { createContainer, Tokens } from 'sfnet/di'`.
 *
 * @param options - services to bind instead of the defaults (security manager, resolver,
 *   clock, logger, transports, limits).
 * @returns a new container; rebind any token to replace that service for sockets made afterwards.
 * @example
 * ```ts
 * const container = createContainer({ resolver: { lookup: async () => ['127.0.0.1'] } });
 * container.rebind(Tokens.SecurityManager).toConstantValue(new PolicySecurityManager({ connect: { deny: ['0.0.0.0/0'] } }));
 * const socket = container.get<TcpSocket>(Tokens.TcpSocket);
 * ```
 */
export function createContainer(options: SocketOptions = {}): Container {
  const container = new Container();
  container.load(createSdkModule(options));
  return container;
}
