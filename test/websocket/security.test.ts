import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { rawUpgrade, wsClient, wsListener } from './wsFixtures.js';

/** Records what the listener asked: accept with the address, origin with the header. */
class Asked extends SecurityManager {
  readonly asked: string[] = [];
  constructor(private readonly denyOrigin: (origin: string | null) => boolean = () => false) {
    super();
  }
  override checkAccept(address: IpAddress): void {
    this.asked.push(`accept ${address}`);
  }
  override checkOrigin(origin: string | null): void {
    this.asked.push(`origin ${String(origin)}`);
    if (this.denyOrigin(origin)) throw new SecurityError(`origin ${String(origin)} denied`);
  }
}

test('checkAccept sees the client address before the upgrade; a denied client gets 403 and no WebSocket, and is never accepted', async (t) => {
  const listener = await wsListener(t, { securityManager: new PolicySecurityManager({ accept: { deny: ['127.0.0.1'] } }) });
  listener.setBlocking(false);
  const raw = await rawUpgrade(t, listener.getLocalPort());
  t.regex(raw.status, / 403 /);
  t.is(raw.received().length, 0, 'not one byte of the WebSocket protocol');
  await raw.closed;
  const client = wsClient(t);
  const result = await client.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Security');
  t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'nobody was handed out');
});

test('checkAccept and checkOrigin are each asked once per client, before it is handed out', async (t) => {
  const policy = new Asked();
  const listener = await wsListener(t, { securityManager: policy });
  const client = wsClient(t, {}, { origin: 'https://game.example' });
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  t.deepEqual(policy.asked, ['accept 127.0.0.1', 'origin https://game.example']);
});

test('the Origin allow-list of PolicySecurityManager: listed origins upgrade, others and none get 403', async (t) => {
  const securityManager = new PolicySecurityManager({ origins: { allow: ['https://Game.example', 'http://localhost:8080'] } });
  const listener = await wsListener(t, { securityManager }, { path: '/play' });
  const port = listener.getLocalPort();
  t.regex((await rawUpgrade(t, port, '/play', 'https://game.example')).status, / 101 /, 'case-insensitive match');
  t.regex((await rawUpgrade(t, port, '/play', 'http://localhost:8080')).status, / 101 /);
  t.regex((await rawUpgrade(t, port, '/play', 'https://evil.example')).status, / 403 /);
  t.regex((await rawUpgrade(t, port, '/play')).status, / 403 /, 'no Origin: denied without allowNone');
  t.regex((await rawUpgrade(t, port, '/other', 'https://game.example')).status, / 404 /, 'another path');
  const lenient = await wsListener(t, { securityManager: new PolicySecurityManager({ origins: { allow: ['https://game.example'], allowNone: true } }) });
  t.regex((await rawUpgrade(t, lenient.getLocalPort(), '/')).status, / 101 /, 'no Origin with allowNone');
});

test('PolicySecurityManager checks the origins option', (t) => {
  t.throws(() => new PolicySecurityManager({ origins: { allow: [''] } }), { instanceOf: TypeError });
  t.throws(() => new PolicySecurityManager({ origins: {} as never }), { instanceOf: TypeError });
  t.throws(() => new PolicySecurityManager({ origins: { allow: [], allowNone: 'yes' } as never }), { instanceOf: TypeError });
  t.throws(() => new PolicySecurityManager({ origins: { allow: [], other: 1 } as never }), { instanceOf: TypeError });
  const policy = new PolicySecurityManager({ origins: { allow: ['https://a.example'] } });
  t.notThrows(() => policy.checkOrigin('https://A.example'));
  t.throws(() => policy.checkOrigin('https://b.example'), { instanceOf: SecurityError });
  t.notThrows(() => new PolicySecurityManager().checkOrigin(null), 'no origins rule: all allowed');
});

test('a checkOrigin that throws something else refuses the client (fail closed)', async (t) => {
  class Broken extends SecurityManager {
    override checkOrigin(): void {
      throw new Error('bug');
    }
  }
  const listener = await wsListener(t, { securityManager: new Broken() });
  t.regex((await rawUpgrade(t, listener.getLocalPort(), '/', 'https://x.example')).status, / 403 /);
});
