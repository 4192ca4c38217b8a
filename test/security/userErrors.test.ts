import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketError } from '../../src/core/SocketError.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { rawServer } from '../helpers/loopback.js';

/** A manager written as users write them: `throw new SecurityError('reason')`. */
class Terse extends SecurityManager {
  override checkConnect(): void {
    throw new SecurityError('no outside connections');
  }
  override checkListen(): void {
    throw new SecurityError('no servers here');
  }
}

test('a SecurityError made with a reason only denies, and the caller gets it completed', async (t) => {
  const server = await rawServer(t, '127.0.0.1');
  const socket = new TcpSocket({ securityManager: new Terse() });
  const result = await socket.connect(IpAddress.LocalHost, server.port);
  t.is(result.status, SocketStatus.Error);
  const error = result.error as SecurityError;
  t.true(error instanceof SecurityError);
  t.is(error.check, 'connect');
  t.true(error.address?.equals(IpAddress.LocalHost));
  t.is(error.port, server.port);
  t.is(error.reason, 'no outside connections');
  t.true(error.cause instanceof SecurityError, 'the thrown one is kept as the cause');
  t.is(server.sockets.length, 0);

  const listener = new TcpListener({ securityManager: new Terse() });
  const listened = await listener.listen(0, IpAddress.LocalHost);
  t.is((listened.error as SecurityError).check, 'listen');
  t.false(listener.isListening());
  const udp = new UdpSocket({ securityManager: new Terse() });
  const bound = await udp.bind(0, IpAddress.LocalHost);
  t.is((bound.error as SecurityError).reason, 'no servers here');
  t.false(udp.isBound());
});

test('a bare SecurityError reads well on its own', (t) => {
  const error = new SecurityError('denied');
  t.is(error.message, 'denied');
  t.is(error.kind, 'Security');
  t.is(error.check, null);
  t.is(error.address, null);
  t.is(error.port, 0);
  t.is(new SecurityError().message, 'denied by the security policy');
  t.is(new SecurityError('accept', IpAddress.LocalHostV6, 7, 'no').message, 'accept [::1]:7: no');
});

test('SocketError.is recognises an error made by another copy of the package; instanceof does not', async (t) => {
  // A second instance of the module (another URL), as two versions of the package in one node_modules would give.
  const copy = (await import(`../../src/core/SocketError.js?copy=${Date.now()}`)) as typeof import('../../src/core/SocketError.js');
  t.not(copy.SocketError, SocketError);
  const foreign = new copy.SocketError('Reset', 'from the other copy');
  t.false(foreign instanceof SocketError);
  t.true(SocketError.is(foreign));
  t.true(copy.SocketError.is(new SocketError('Refused', 'from this copy')));
  t.false(SocketError.is(new Error('plain')));
  t.false(SocketError.is({ kind: 'Reset', message: 'look-alike' }));
  t.false(SocketError.is(null));
});

test('a denial thrown by a policy from another copy of the package is a denial, not a bug', async (t) => {
  const copy = (await import(`../../src/security/SecurityError.js?copy=${Date.now()}`)) as typeof import('../../src/security/SecurityError.js');
  class Foreign extends SecurityManager {
    override checkConnect(address: IpAddress, port: number): void {
      throw new copy.SecurityError('connect', address, port, 'other copy');
    }
  }
  const socket = new TcpSocket({ securityManager: new Foreign() });
  const result = await socket.connect(IpAddress.LocalHost, 9);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Security');
  t.true(result.error instanceof SecurityError, 'completed as this copy sees it');
  t.is((result.error as SecurityError).reason, 'other copy');
});
