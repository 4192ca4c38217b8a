import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { createContainer, Tokens } from '../../src/di/index.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import { SocketContext } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { rawServer } from '../helpers/loopback.js';

test('the container makes a new socket on every request, by token or by class', (t) => {
  const container = createContainer();
  const a = container.get<TcpSocket>(Tokens.TcpSocket);
  const b = container.get(TcpSocket);
  t.true(a instanceof TcpSocket);
  t.true(b instanceof TcpSocket);
  t.not(a, b);
  t.true(container.get(TcpListener) instanceof TcpListener);
  t.true(container.get<SecurityManager>(Tokens.SecurityManager) instanceof SecurityManager);
});

test('options given to createContainer reach the sockets it makes', async (t) => {
  const server = await rawServer(t);
  const container = createContainer({ securityManager: new PolicySecurityManager({ connect: { deny: ['127.0.0.1'] } }) });
  const result = await container.get(TcpSocket).connect(IpAddress.LocalHost, server.port);
  t.true(result.error instanceof SecurityError);
  t.is(server.sockets.length, 0);
});

test('rebinding the security manager and the resolver in one line each changes later sockets', async (t) => {
  const server = await rawServer(t);
  const container = createContainer();
  container.rebind(Tokens.Resolver).toConstantValue({ lookup: async () => ['127.0.0.1'] });
  const allowed = container.get(TcpSocket);
  t.teardown(() => allowed.disconnect());
  t.is((await allowed.connect('server.test', server.port)).status, SocketStatus.Done);
  container.rebind(Tokens.SecurityManager).toConstantValue(new PolicySecurityManager({ connect: { deny: ['127.0.0.0/8'] } }));
  const denied = await container.get(TcpSocket).connect('server.test', server.port);
  t.true(denied.error instanceof SecurityError);
  await server.next();
  t.is(server.sockets.length, 1);
});

test('limits bound in the container are completed with the defaults', (t) => {
  const container = createContainer({ limits: { maxPacketSize: 1234 } });
  const context = container.get<SocketContext>(Tokens.SocketContext);
  t.is(context.limits.maxPacketSize, 1234);
  t.is(context.limits.sendBufferSize, 1024 * 1024);
  t.is(container.get(TcpSocket).getMaxPacketSize(), 1234);
});

test('new TcpSocket() with no arguments works with the default services', (t) => {
  const socket = new TcpSocket();
  t.true(socket.isBlocking());
  t.is(socket.getMaxPacketSize(), 4 * 1024 * 1024);
  t.is(SocketContext.from(), SocketContext.from({}), 'the default context is shared');
});
