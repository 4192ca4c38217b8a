/**
 * The security matrix: every TCP path (connect by name and by address, IPv4 and IPv6, names with
 * several addresses, listen, accept) asks the SecurityManager about the address actually used, and
 * no spelling gets around a rule. `test/tcp/security.test.ts` covers the basic cases.
 *
 * UDP (bind, each send destination) is in udpSecurity.test.ts and test/udp/UdpSocketRules.test.ts.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { PolicySecurityManager, type PolicySecurityManagerOptions } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import type { ConnectOptions, StreamConnection } from '../../src/transport/StreamTransport.js';
import { listening, rawClient, rawServer, sleep } from '../helpers/loopback.js';
import { scriptedResolver, settles } from './fixtures.js';

/** A policy that also writes down every question it is asked, as `check address`. */
class Audited extends PolicySecurityManager {
  readonly log: string[] = [];
  override checkConnect(address: IpAddress, port: number): void {
    this.log.push(`connect ${address}`);
    super.checkConnect(address, port);
  }
  override checkListen(port: number, address: IpAddress): void {
    this.log.push(`listen ${address}`);
    super.checkListen(port, address);
  }
  override checkAccept(address: IpAddress, port: number): void {
    this.log.push(`accept ${address}`);
    super.checkAccept(address, port);
  }
}

/** The stream transport, recording the host of every connection it is asked to open. */
class RecordingTransport extends NodeStreamTransport {
  readonly hosts: string[] = [];
  override connect(options: ConnectOptions): Promise<StreamConnection> {
    this.hosts.push(options.host);
    return super.connect(options);
  }
}

/** A socket whose policy, resolver and transport are all recorded. */
function audited(policy: PolicySecurityManagerOptions, answers: ReadonlyArray<readonly string[]> = [[]]) {
  const securityManager = new Audited(policy);
  const resolver = scriptedResolver(...answers);
  const streamTransport = new RecordingTransport();
  const options: SocketOptions = { securityManager, resolver, streamTransport };
  return { securityManager, resolver, streamTransport, socket: new TcpSocket(options) };
}

const connectPath = test.macro({
  exec: async (t, host: '127.0.0.1' | '::1', byName: boolean, denied: boolean) => {
    const server = await rawServer(t, host);
    const { securityManager, streamTransport, socket } = audited(denied ? { connect: { deny: [host] } } : { connect: { allow: [host] } }, [[host]]);
    t.teardown(() => socket.disconnect());
    const result = await socket.connect(byName ? 'game.test' : IpAddress.parse(host), server.port);
    t.deepEqual(securityManager.log, [`connect ${host}`], 'asked once, about the address');
    if (denied) {
      t.true(result.error instanceof SecurityError);
      t.deepEqual(streamTransport.hosts, [], 'nothing was opened');
    } else {
      t.is(result.status, SocketStatus.Done);
      t.deepEqual(streamTransport.hosts, [host], 'the transport opened exactly the address that was checked');
      t.is(String(socket.getRemoteAddress()), host, 'and the socket is connected to it');
    }
  },
  title: (_, host, byName, denied) => `connect ${byName ? 'by name' : 'by address'} to ${host}, ${denied ? 'denied' : 'allowed'}: checked on the address used`,
});
for (const host of ['127.0.0.1', '::1'] as const) {
  for (const byName of [false, true]) for (const denied of [false, true]) test(connectPath, host, byName, denied);
}

test('a name resolving to several addresses: each is checked, denied ones are never opened, the allowed one is used', async (t) => {
  const server = await rawServer(t, '::1');
  const answers = ['10.1.2.3', '127.0.0.1', '::ffff:127.0.0.1', '::1'];
  const { securityManager, streamTransport, socket } = audited({ connect: { deny: ['10.0.0.0/8', '127.0.0.0/8'] } }, [answers]);
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('many.test', server.port)).status, SocketStatus.Done);
  t.deepEqual(securityManager.log, ['connect 10.1.2.3', 'connect 127.0.0.1', 'connect ::1'], 'the mapped duplicate is the same address');
  t.deepEqual(streamTransport.hosts, ['::1']);
});

test('a resolver that changes its answer between calls: each connect checks and opens its own answer', async (t) => {
  const server = await rawServer(t);
  const { securityManager, resolver, streamTransport, socket } = audited({ connect: { allow: ['127.0.0.1'] } }, [['127.0.0.1'], ['127.0.0.2'], ['127.0.0.1']]);
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('flip.test', server.port)).status, SocketStatus.Done);
  const second = await socket.connect('flip.test', server.port);
  t.true(second.error instanceof SecurityError, 'the second answer is denied');
  t.true(Boolean((second.error as SecurityError).address?.equals(IpAddress.parse('127.0.0.2'))));
  t.is((await socket.connect('flip.test', server.port)).status, SocketStatus.Done);
  t.deepEqual(resolver.asked, ['flip.test', 'flip.test', 'flip.test'], 'resolved once per connect, never again behind the check');
  t.deepEqual(securityManager.log, ['connect 127.0.0.1', 'connect 127.0.0.2', 'connect 127.0.0.1']);
  t.deepEqual(streamTransport.hosts, ['127.0.0.1', '127.0.0.1']);
});

const spelling = test.macro({
  exec: async (t, rule: string, target: string, viaResolver: boolean) => {
    const server = await rawServer(t, target.includes('::1') || target.endsWith(':1') ? '::1' : '127.0.0.1');
    const { streamTransport, socket } = audited({ connect: { deny: [rule] } }, [[target]]);
    const result = await socket.connect(viaResolver ? 'alias.test' : target, server.port);
    t.true(result.error instanceof SecurityError, `${target} against deny ${rule}: ${result.status}`);
    t.deepEqual(streamTransport.hosts, []);
  },
  title: (_, rule, target, viaResolver) => `deny ${rule} also stops ${target} ${viaResolver ? 'from a resolver' : 'given directly'}`,
});
for (const viaResolver of [false, true]) {
  test(spelling, '127.0.0.1', '::ffff:127.0.0.1', viaResolver);
  test(spelling, '127.0.0.1', '::FFFF:7F00:0001', viaResolver);
  test(spelling, '::ffff:127.0.0.1', '127.0.0.1', viaResolver);
  test(spelling, '::ffff:127.0.0.0/104', '127.0.0.1', viaResolver);
  test(spelling, '::1', '0:0:0:0:0:0:0:1', viaResolver);
  test(spelling, '::1', '0000::0001', viaResolver);
  test(spelling, '::/127', '::1', viaResolver);
}

test('numeric spellings the address parser rejects go to the system resolver and are checked as what they resolve to', async (t) => {
  const server = await rawServer(t);
  const securityManager = new Audited({ connect: { deny: ['127.0.0.0/8'] } });
  const socket = new TcpSocket({ securityManager });
  for (const name of ['127.1', '2130706433', '0x7f.0.0.1', '0177.0.0.1']) {
    const result = await settles(t, socket.connect(name, server.port, 2000), name);
    t.not(result?.status, SocketStatus.Done, name);
    if (result?.error instanceof SecurityError) t.is(String(result.error.address), '127.0.0.1', name);
    else t.is(result?.error?.kind, 'Resolve', `${name} is either checked as 127.0.0.1 or not resolved at all`);
  }
  await sleep(50);
  t.is(server.sockets.length, 0, 'nothing got through');
});

test('a denied connect by name in non-blocking mode reports the SecurityError on a later call and opens nothing', async (t) => {
  const server = await rawServer(t);
  const { socket, streamTransport } = audited({ connect: { deny: ['127.0.0.1'] } }, [['127.0.0.1']]);
  socket.setBlocking(false);
  let result = await socket.connect('nb.test', server.port);
  for (let i = 0; i < 100 && result.status === SocketStatus.NotReady; i++) {
    await sleep(2);
    result = await socket.connect('nb.test', server.port);
  }
  t.true(result.error instanceof SecurityError);
  t.deepEqual(streamTransport.hosts, []);
});

const listenPath = test.macro({
  exec: async (t, rule: string, address: string) => {
    const securityManager = new Audited({ listen: { deny: [rule] } });
    const listener = new TcpListener({ securityManager });
    t.teardown(() => listener.close());
    const result = await listener.listen(0, address);
    t.true(result.error instanceof SecurityError, `${address} against deny ${rule}`);
    t.false(listener.isListening());
    t.is(securityManager.log.length, 1);
  },
  title: (_, rule, address) => `listen on ${address} is denied by listen.deny ${rule}`,
});
test(listenPath, '127.0.0.1', '::ffff:127.0.0.1');
test(listenPath, '0.0.0.0', '::ffff:0.0.0.0');
test(listenPath, '::', '0:0:0:0:0:0:0:0');
test(listenPath, '::1', '::0:1');

/** A listener with an audited policy that denies `deny` on accept. */
async function guarded(t: ExecutionContext, host: string, deny: string[]): Promise<{ listener: TcpListener; policy: Audited }> {
  const policy = new Audited({ accept: { deny } });
  return { listener: await listening(t, host, { securityManager: policy }), policy };
}

const acceptPath = test.macro({
  exec: async (t, listenOn: string, clientFrom: string, deny: string) => {
    const { listener, policy } = await guarded(t, listenOn, [deny]);
    const client = await rawClient(t, listener.getLocalPort(), clientFrom);
    await settles(t, new Promise((resolve) => client.once('end', resolve)), 'the denied client is closed');
    t.is(policy.log.filter((q) => q.startsWith('accept ')).length, 1, 'asked once on accept');
    listener.setBlocking(false);
    t.is((await listener.accept(new TcpSocket())).status, SocketStatus.NotReady, 'and never accepted');
  },
  title: (_, listenOn, clientFrom, deny) => `accept on ${listenOn} denies a client from ${clientFrom} by accept.deny ${deny}`,
});
test(acceptPath, '::', '127.0.0.1', '127.0.0.1');
test(acceptPath, '::', '127.0.0.1', '::ffff:127.0.0.1');
test(acceptPath, '::', '::1', '::1');
test(acceptPath, '127.0.0.1', '127.0.0.1', '127.0.0.0/8');
test(acceptPath, '::1', '::1', '::/0');

test('a dual-stack listener reports an IPv4 client as its IPv4 address to checkAccept', async (t) => {
  const { listener, policy } = await guarded(t, '::', []);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  const accepting = listener.accept(socket);
  await rawClient(t, listener.getLocalPort(), '127.0.0.1');
  t.is((await accepting).status, SocketStatus.Done);
  t.deepEqual(policy.log, ['listen ::', 'accept 127.0.0.1']);
  t.is(String(socket.getRemoteAddress()), '127.0.0.1');
});
