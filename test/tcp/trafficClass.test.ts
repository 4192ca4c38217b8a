import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

/** Node 24 and later can set and read IP_TOS / IPV6_TCLASS on a TCP socket; CI runs this suite on 20, 22 and 24. */
const nodeCanSetIt = Number(process.versions.node.split('.')[0]) >= 24;

for (const host of [IpAddress.LocalHost, IpAddress.LocalHostV6]) {
  test(`setTrafficClass over ${String(host)}: the system reports the byte where Node can set it; elsewhere it is kept as a hint`, async (t) => {
    const listener = new TcpListener();
    const client = new TcpSocket();
    const server = new TcpSocket();
    t.teardown(() => {
      client.disconnect();
      server.disconnect();
      listener.close();
    });
    t.is(client.getTrafficClass(), 0, 'nothing set, nothing connected');
    client.setTrafficClass(0x10); // set before connecting: applied to the connection when it comes
    t.is((await listener.listen(0, host)).status, SocketStatus.Done);
    t.is((await client.connect(host, listener.getLocalPort())).status, SocketStatus.Done);
    t.is((await listener.accept(server)).status, SocketStatus.Done);
    t.is(client.getTrafficClass(), 0x10);
    client.setTrafficClass(0xb8); // changed on the live connection
    t.is(client.getTrafficClass(), 0xb8);
    if (nodeCanSetIt) {
      // Linux keeps the two ECN bits of a TCP socket's byte to itself: what is read back is the
      // system's value, not a copy of what was asked.
      client.setTrafficClass(0x13);
      t.is(client.getTrafficClass(), 0x10);
    } else {
      client.setTrafficClass(0x13);
      t.is(client.getTrafficClass(), 0x13, 'a hint, kept as given where Node cannot set it');
    }
    t.throws(() => client.setTrafficClass(256), { instanceOf: RangeError });
    t.throws(() => client.setTrafficClass(1.5), { instanceOf: RangeError });
  });
}
