import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { boundSocket, bytes, sleep } from '../udp/udpFixtures.js';

test('UDP: every destination of one socket is checked; the denied ones receive nothing', async (t) => {
  const allowed = await boundSocket(t, 4);
  const denied = await boundSocket(t, 4);
  const securityManager = new PolicySecurityManager({ connect: { ports: [allowed.getLocalPort()] } });
  const sender = await boundSocket(t, 4, { securityManager });
  for (let round = 0; round < 3; round++) {
    t.is((await sender.send(bytes(`ok ${round}`), IpAddress.LocalHost, allowed.getLocalPort())).status, SocketStatus.Done);
    const refused = await sender.send(bytes(`no ${round}`), IpAddress.LocalHost, denied.getLocalPort());
    t.true(refused.error instanceof SecurityError);
  }
  await sleep(50);
  for (const socket of [allowed, denied]) socket.setBlocking(false);
  let delivered = 0;
  while ((await allowed.receive(64)).status === SocketStatus.Done) delivered++;
  t.is(delivered, 3);
  t.is((await denied.receive(64)).status, SocketStatus.NotReady, 'nothing reached the denied port');
});

test('UDP: a deny rule holds against every spelling and a resolver that changes its answer', async (t) => {
  const receiver = await boundSocket(t, 6, undefined, IpAddress.AnyV6);
  let calls = 0;
  const resolver = { lookup: async (): Promise<string[]> => (calls++ === 0 ? ['::1'] : ['127.0.0.1']) };
  const securityManager = new PolicySecurityManager({ connect: { deny: ['127.0.0.0/8'] } });
  const sender = await boundSocket(t, 6, { securityManager, resolver }, IpAddress.AnyV6);
  for (const spelling of ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:0001']) {
    const result = await sender.send(bytes('x'), spelling, receiver.getLocalPort());
    t.true(result.error instanceof SecurityError, spelling);
  }
  t.is((await sender.send(bytes('first answer'), 'flip.test', receiver.getLocalPort())).status, SocketStatus.Done);
  const second = await sender.send(bytes('second answer'), 'flip.test', receiver.getLocalPort());
  t.true(second.error instanceof SecurityError, 'the second answer is checked, not the first');
  await sleep(50);
  receiver.setBlocking(false);
  const got = await receiver.receive(64);
  t.is(new TextDecoder().decode(got.data), 'first answer');
  t.is((await receiver.receive(64)).status, SocketStatus.NotReady);
});

test('UDP: datagrams from a sender checkAccept denies are discarded before they are queued', async (t) => {
  const securityManager = new PolicySecurityManager({ accept: { deny: ['::1'] } });
  const receiver = await boundSocket(t, 6, { securityManager }, IpAddress.AnyV6);
  const denied = await boundSocket(t, 6);
  const admitted = await boundSocket(t, 4);
  await denied.send(bytes('spoofed-looking'), IpAddress.LocalHostV6, receiver.getLocalPort());
  await admitted.send(bytes('welcome'), IpAddress.LocalHost, receiver.getLocalPort());
  const got = await receiver.receive(64);
  t.is(got.status, SocketStatus.Done);
  t.is(new TextDecoder().decode(got.data), 'welcome', 'the denied datagram never reached the queue');
  t.is(String(got.address), '127.0.0.1');
  receiver.setBlocking(false);
  t.is((await receiver.receive(64)).status, SocketStatus.NotReady);
  t.is(receiver.getDroppedCount(), 0, 'a denied datagram is not a queue overflow');
});
