import test from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { FAMILIES, type Family, boundSocket, loopback, within } from '../udp/udpFixtures.js';

const truncated = test.macro({
  exec: async (t, family: Family) => {
    const receiver = await boundSocket(t, family);
    const sender = await boundSocket(t, family);
    const whole = new Packet().writeUint32(7).writeString('a name that will be cut').writeDouble(1.5).getData();
    for (const cut of [0, 1, 3, 4, 9, whole.length - 1]) {
      await sender.send(whole.slice(0, cut), loopback(family), receiver.getLocalPort());
      const packet = new Packet();
      const result = await within(receiver.receive(packet));
      t.is(result.status, SocketStatus.Done, `a datagram of ${cut} bytes is received whole`);
      t.is(packet.getDataSize(), cut);
      packet.readUint32();
      packet.readString();
      packet.readDouble();
      t.false(packet.isValid(), `reading past a datagram cut at ${cut} bytes invalidates the packet`);
    }
    const max = family === 4 ? UdpSocket.MaxDatagramSize : UdpSocket.MaxDatagramSizeV6;
    t.is((await sender.send(new Uint8Array(max), loopback(family), receiver.getLocalPort())).status, SocketStatus.Done);
    const big = await within(receiver.receive(max));
    t.is(big.data.length, max, 'a datagram of the maximum size arrives whole');
  },
  title: (_, family: Family) => `UDP: truncated packets and maximum-size datagrams are handled without throwing (IPv${family})`,
});
for (const family of FAMILIES) test(truncated, family);
