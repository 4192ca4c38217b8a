import 'reflect-metadata';
import test from 'ava';
import { dataStreamClient, dataStreamServer } from '../../docs/examples/porting/dataStreams.js';
import { connectToService, sharedResolver } from '../../docs/examples/porting/dns.js';
import { IpAddress } from '../../src/address/IpAddress.js';
import { dnsmasqTest, startDnsmasq } from '../helpers/dnsServers.js';
import { listening } from '../helpers/loopback.js';

test('guide: DataInputStream / DataOutputStream carry an unframed Java-style exchange and see the end', async (t) => {
  let port: (value: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => (port = resolve));
  const [server, client] = await Promise.all([dataStreamServer(port), listening.then(dataStreamClient)]);
  t.deepEqual(server, { id: 42, name: 'Alice', score: 97.5, more: 3.75 });
  t.is(client, 'hello Alice');
});

const dnsTest = dnsmasqTest();

dnsTest('guide: Dns finds a service by its SRV record on dnsmasq and connects to it', async (t) => {
  const listener = await listening(t, '127.0.0.1');
  const port = await startDnsmasq(t, [
    '--auth-zone=game.test',
    '--auth-server=ns1.game.test,127.0.0.1',
    '--host-record=game.test,127.0.0.1',
    '--host-record=server.game.test,127.0.0.1',
    `--srv-host=_game._tcp.game.test,server.game.test,${listener.getLocalPort()},1,10`,
  ]);
  if (port === null) return;
  const server = { address: IpAddress.LocalHost, port };
  t.is(await connectToService(server), 'Done');
  t.deepEqual(await sharedResolver(server, listener.getLocalPort()), { addresses: ['127.0.0.1'], status: 'Done' });
});
