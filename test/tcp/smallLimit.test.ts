/**
 * A `sendBufferSize` below the transport's own mark: a send waiting for room is woken without a `drain`.
 */
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HUNG, within } from '../hardening/fixtures.js';
import { rawServer } from '../helpers/loopback.js';

test('a blocking send waiting under a sendBufferSize below the transport mark settles once the peer reads', async (t) => {
  const server = await rawServer(t);
  const client = new TcpSocket({ limits: { sendBufferSize: 4096 } });
  t.teardown(() => client.disconnect());
  t.like(await client.connect(IpAddress.LocalHost, server.port), { status: SocketStatus.Done });
  const raw = await server.next();
  raw.pause();
  let waiting: Promise<unknown> | null = null;
  for (let i = 0; i < 100_000 && waiting === null; i++) {
    const sending = client.send(new Uint8Array(1000));
    if ((await within(sending, 50)) === HUNG) waiting = sending;
  }
  t.not(waiting, null, 'a send waited');
  raw.resume();
  t.not(await within(waiting as Promise<unknown>, 3000), HUNG, 'it settled once the peer read');
});
