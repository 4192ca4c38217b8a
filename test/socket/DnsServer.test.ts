// Dns and NodeResolver against real DNS servers on loopback: dnsmasq with its own records, a
// server that never answers (the time-out) and servers that answer garbage.
import test from 'ava';
import {
  Dns,
  IpAddress,
  NodeResolver,
  PolicySecurityManager,
  SecurityManager,
  SocketError,
  SocketStatus,
  TcpSocket,
} from '../../src/index.js';
import { createContainer, Tokens } from '../../src/di/index.js';
import { dnsmasqTest, garbageServer, silentServer, startDnsmasq } from '../helpers/dnsServers.js';
import { listening } from '../helpers/loopback.js';

const dnsTest = dnsmasqTest();

/** The zone dnsmasq serves; names outside it are refused (dnsmasq's authoritative mode). */
const RECORDS = [
  '--auth-zone=game.test',
  '--auth-server=ns1.game.test,127.0.0.1',
  '--host-record=game.test,127.0.0.1,::1',
  '--host-record=blocked.game.test,127.0.0.2',
  '--host-record=v6only.game.test,::1',
  '--mx-host=game.test,mail.game.test,10',
  '--mx-host=game.test,backup.game.test,20',
  '--srv-host=_sfnet._tcp.game.test,server.game.test,53000,5,20',
  '--txt-record=game.test,v=1 hello,second',
];

/** The time-out of the silent and garbage cases, and the most a bounded call may take. */
const TIMEOUT_MS = 300;
const BOUND_MS = 2000;

const text = (addresses: readonly IpAddress[] | null): string[] | null => addresses?.map(String) ?? null;

dnsTest('Dns.resolve asks the given server: addresses, [] for a name without any, null for a refused look-up', async (t) => {
  const port = await startDnsmasq(t, RECORDS);
  if (port === null) return;
  const dns = new Dns();
  const server = { address: IpAddress.LocalHost, port };
  t.deepEqual(text(await dns.resolve('game.test', [server])), ['127.0.0.1', '::1']);
  t.deepEqual(text(await dns.resolve('v6only.game.test', [server])), ['::1']);
  t.deepEqual(await dns.resolve('missing.game.test', [server]), [], 'NXDOMAIN: the name has no address');
  t.is(await dns.resolve('elsewhere.test', [server]), null, 'REFUSED: the look-up failed');
  t.deepEqual(text(await dns.resolve('192.0.2.7', [server])), ['192.0.2.7'], 'a literal is its own answer');
});

dnsTest('Dns.queryMx, querySrv, queryTxt and queryNs read the records dnsmasq serves, [] when there are none', async (t) => {
  const port = await startDnsmasq(t, RECORDS);
  if (port === null) return;
  const dns = new Dns();
  const servers = [{ address: IpAddress.LocalHost, port }];
  const mx = await dns.queryMx('game.test', servers);
  t.deepEqual(
    mx.sort((a, b) => a.preference - b.preference),
    [
      { exchange: 'mail.game.test', preference: 10 },
      { exchange: 'backup.game.test', preference: 20 },
    ],
  );
  t.deepEqual(await dns.querySrv('_sfnet._tcp.game.test', servers), [{ target: 'server.game.test', port: 53000, weight: 20, priority: 5 }]);
  t.deepEqual(await dns.queryTxt('game.test', servers), [['v=1 hello', 'second']]);
  t.deepEqual(await dns.queryNs('game.test', servers), ['ns1.game.test']);
  t.deepEqual(await dns.queryMx('blocked.game.test', servers), [], 'a name without MX records');
  t.deepEqual(await dns.querySrv('_none._tcp.game.test', servers), [], 'a name that does not exist');
  t.deepEqual(await dns.queryTxt('elsewhere.test', servers), [], 'a refused look-up is [] as in SFML');
  await t.throwsAsync(new NodeResolver({ servers }).queryTxt('elsewhere.test'), { instanceOf: SocketError, message: /EREFUSED/ }, 'the resolver says why');
});

dnsTest('the container binds one resolver: Dns, the sockets and the security checks all see the addresses dnsmasq gives', async (t) => {
  const port = await startDnsmasq(t, RECORDS);
  if (port === null) return;
  const listener = await listening(t, '127.0.0.1');
  const checked: string[] = [];
  class Recording extends SecurityManager {
    override checkConnect(address: IpAddress, to: number): void {
      checked.push(`${address.toString()} ${to}`);
    }
  }
  const container = createContainer({
    resolver: new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port }], timeoutMs: 1000 }),
    securityManager: new Recording(),
  });
  const resolved = await container.get(Tokens.Dns).resolve('game.test');
  t.deepEqual(text(resolved), ['127.0.0.1', '::1'], 'Dns from the container asks dnsmasq without servers being named');
  const socket = container.get(Tokens.TcpSocket);
  t.teardown(() => socket.close());
  const result = await socket.connect('game.test', listener.getLocalPort(), 2000);
  t.is(result.status, SocketStatus.Done, result.error?.message);
  t.is(socket.getRemoteAddress()?.toString(), '127.0.0.1');
  t.deepEqual(checked, [`127.0.0.1 ${listener.getLocalPort()}`, `::1 ${listener.getLocalPort()}`], 'the gate checked exactly what Dns resolved');
});

dnsTest('a policy sees the addresses the name resolved to: a denied one opens no connection', async (t) => {
  const port = await startDnsmasq(t, RECORDS);
  if (port === null) return;
  const listener = await listening(t, '127.0.0.1');
  const resolver = new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port }], timeoutMs: 1000 });
  const policy = new PolicySecurityManager({ connect: { allow: ['127.0.0.1'] } });
  const allowed = new TcpSocket({ resolver, securityManager: policy });
  const denied = new TcpSocket({ resolver, securityManager: policy });
  t.teardown(() => (allowed.close(), denied.close()));
  t.is((await allowed.connect('game.test', listener.getLocalPort(), 2000)).status, SocketStatus.Done);
  const refused = await denied.connect('blocked.game.test', listener.getLocalPort(), 2000);
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.error?.kind, 'Security');
  t.regex(refused.error?.message ?? '', /127\.0\.0\.2/, 'the denial names the address dnsmasq gave');
  const unknown = await denied.connect('missing.game.test', listener.getLocalPort(), 2000);
  t.is(unknown.error?.kind, 'Resolve');
});

test('a server that never answers: Dns gives null / [] at the time-out, NodeResolver rejects with kind Timeout', async (t) => {
  const silent = await silentServer(t);
  const servers = [{ address: IpAddress.LocalHost, port: silent.port }];
  const dns = new Dns();
  let started = performance.now();
  t.is(await dns.resolve('game.test', servers, TIMEOUT_MS), null);
  const elapsed = performance.now() - started;
  t.true(elapsed >= TIMEOUT_MS - 20 && elapsed < BOUND_MS, `resolve took ${elapsed.toFixed(0)} ms`);
  started = performance.now();
  t.deepEqual(await dns.queryMx('game.test', servers, TIMEOUT_MS), []);
  t.true(performance.now() - started < BOUND_MS);
  const error = await t.throwsAsync(new NodeResolver({ servers, timeoutMs: TIMEOUT_MS }).querySrv('_x._tcp.game.test'), { instanceOf: SocketError });
  t.is(error?.kind, 'Timeout');
  t.true(silent.queries() >= 3, `the server was asked (${silent.queries()} queries)`);
});

for (const matchId of [false, true]) {
  test(`a server that answers garbage (${matchId ? 'with the query id' : 'random bytes'}): null / [] in bounded time`, async (t) => {
    const garbage = await garbageServer(t, matchId);
    const servers = [{ address: IpAddress.LocalHost, port: garbage.port }];
    const dns = new Dns();
    const started = performance.now();
    t.is(await dns.resolve('game.test', servers, TIMEOUT_MS), null);
    t.deepEqual(await dns.queryTxt('game.test', servers, TIMEOUT_MS), []);
    t.deepEqual(await dns.querySrv('_x._tcp.game.test', servers, TIMEOUT_MS), []);
    t.true(performance.now() - started < 3 * BOUND_MS);
    const error = await t.throwsAsync(new NodeResolver({ servers, timeoutMs: TIMEOUT_MS }).queryMx('game.test'), { instanceOf: SocketError });
    t.log(`NodeResolver: ${error?.kind} ${error?.code}`);
    t.true(error?.kind === 'Resolve' || error?.kind === 'Timeout');
    t.true(garbage.queries() >= 1);
  });
}

test('a resolver with host names only: resolve works without servers; servers and records are misuse', async (t) => {
  const dns = new Dns({ resolver: { lookup: async () => ['10.1.2.3', '10.1.2.3'] } });
  t.deepEqual(text(await dns.resolve('game.test')), ['10.1.2.3'], 'duplicates removed');
  await t.throwsAsync(dns.resolve('game.test', [IpAddress.LocalHost]), { instanceOf: TypeError, message: /DnsResolver/ });
  await t.throwsAsync(dns.queryMx('game.test'), { instanceOf: TypeError, message: /DnsResolver/ });
  const failing = new Dns({ resolver: { lookup: () => Promise.reject(new SocketError('Resolve', 'down')) } });
  t.is(await failing.resolve('game.test'), null);
  const slow = new Dns({ resolver: { lookup: () => new Promise<string[]>((resolve) => setTimeout(() => resolve(['10.0.0.1']), 2000)) } });
  const started = performance.now();
  t.is(await slow.resolve('game.test', [], 100), null, 'the deadline bounds a resolver that ignores time-outs');
  t.true(performance.now() - started < 1000);
});

test('Dns refuses bad arguments', async (t) => {
  const dns = new Dns({ resolver: new NodeResolver() });
  await t.throwsAsync(dns.resolve(''), { instanceOf: TypeError });
  await t.throwsAsync(dns.queryTxt('game.test', [{ address: IpAddress.LocalHost, port: 70000 }]), { instanceOf: RangeError });
  await t.throwsAsync(dns.querySrv('game.test', ['127.0.0.1' as unknown as IpAddress]), { instanceOf: TypeError });
  await t.throwsAsync(dns.queryNs('game.test', [], 0), { instanceOf: RangeError });
  await t.throwsAsync(dns.queryNs('game.test', [], Number.NaN), { instanceOf: RangeError });
  t.throws(() => new NodeResolver({ timeoutMs: -1 }), { instanceOf: RangeError });
});
