import test from 'ava';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { reusePortSupported } from '../../src/platform/node/serverListening.js';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { CLUSTER, inBatches, join, runNode } from './workers.js';
import { sleep } from '../helpers/loopback.js';

test('node:cluster: two arena workers on one port (docs/examples/deploy/cluster.ts) both get players', async (t) => {
  t.timeout(30_000);
  const primary = runNode(t, CLUSTER, ['--workers', '2', '--port', '0', '--trusted', '']);
  const port = await primary.value('port');
  const players = await inBatches(40, 20, (i) => join(t, '127.0.0.1', port, `c${i}`));
  t.true(players.every((player) => player !== null), 'every player was welcomed');
  // Each worker reports its count of connected players: both must have some.
  const busy = (): Set<string> => {
    const last = new Map<string, number>();
    for (const line of primary.lines) {
      const [word, pid = '', count = '0'] = line.split(' ');
      if (word === 'clients') last.set(pid, Number(count));
    }
    return new Set([...last].filter(([, count]) => count > 0).map(([pid]) => pid));
  };
  for (let i = 0; i < 50 && busy().size < 2; i++) await sleep(50);
  t.is(busy().size, 2, `both workers hold players:\n${primary.lines.join('\n')}`);
});

test('reusePort is feature-detected by Node version: 22.12+ and 23.1+ only', (t) => {
  t.false(reusePortSupported('20.20.0'));
  t.false(reusePortSupported('22.11.0'));
  t.true(reusePortSupported('22.12.0'));
  t.false(reusePortSupported('23.0.0'));
  t.true(reusePortSupported('23.1.0'));
  t.true(reusePortSupported('24.0.0'));
});

if (reusePortSupported()) {
  test('reusePort: two listeners on one port, and the kernel spreads the connections over both', async (t) => {
    const first = new TcpListener({ streamTransport: new NodeStreamTransport({ reusePort: true }) });
    const second = new TcpListener({ streamTransport: new NodeStreamTransport({ reusePort: true }) });
    t.teardown(() => {
      first.close();
      second.close();
    });
    t.is((await first.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
    t.is((await second.listen(first.getLocalPort(), IpAddress.LocalHost)).status, SocketStatus.Done, 'the same port a second time');
    first.setBlocking(false);
    second.setBlocking(false);
    const counts = [0, 0];
    for (let i = 0; i < 40; i++) {
      const client = new TcpSocket();
      t.teardown(() => client.disconnect());
      t.is((await client.connect(IpAddress.LocalHost, first.getLocalPort())).status, SocketStatus.Done);
    }
    await sleep(100);
    for (const [i, listener] of [first, second].entries()) {
      for (;;) {
        const server = new TcpSocket();
        if ((await listener.accept(server)).status !== SocketStatus.Done) break;
        counts[i] = (counts[i] ?? 0) + 1;
        server.disconnect();
      }
    }
    t.is((counts[0] ?? 0) + (counts[1] ?? 0), 40);
    t.true((counts[0] ?? 0) > 0 && (counts[1] ?? 0) > 0, `both listeners got connections: ${counts.join(' ')}`);
  });
} else {
  test(`reusePort on Node ${process.versions.node} is refused with a clear TypeError, not silently ignored`, async (t) => {
    t.throws(() => new NodeStreamTransport({ reusePort: true }), { instanceOf: TypeError, message: /Node 22\.12 or later.*node:cluster/ });
    await t.throwsAsync(new NodeStreamTransport().listen({ host: '127.0.0.1', port: 0, backlog: 8, reusePort: true }, () => undefined), { instanceOf: TypeError });
  });
}
