import test from 'ava';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../src/transport/StreamTransport.js';
import type { TlsClientOptions, TlsServerOptions } from '../../src/transport/TlsOptions.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { socketContract } from './socketContract.js';
import { ipPlace, streamContract } from './streamContract.js';
import { unixPlace } from './unixPlace.js';

/**
 * A connection upgraded in place (`StreamConnection.startTls`, what `setupTlsClient` /
 * `setupTlsServer` use) must honour the whole stream contract: this transport connects and
 * accepts in plaintext with node:net, then upgrades every connection before handing it out.
 */
class UpgradingTransport implements StreamTransport {
  readonly #plain = new NodeStreamTransport();
  constructor(
    readonly client: TlsClientOptions & { readonly serverName: string },
    readonly server: TlsServerOptions,
  ) {}

  async connect(options: ConnectOptions): Promise<StreamConnection> {
    const plain = await this.#plain.connect(options);
    return (plain.startTls as NonNullable<typeof plain.startTls>).call(plain, { role: 'client', options: this.client }, new Uint8Array(0));
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    return this.#plain.listen(options, (plain) => {
      void (plain.startTls as NonNullable<typeof plain.startTls>)
        .call(plain, { role: 'server', options: this.server }, new Uint8Array(0))
        .then(onConnection, () => undefined);
    });
  }
}

if (hasOpenssl()) {
  const pki = makePki();
  test.after.always(() => pki.remove());
  const make = (): UpgradingTransport =>
    new UpgradingTransport({ ca: pki.ca, serverName: 'localhost' }, { certChain: pki.serverCert, key: pki.serverKey });
  streamContract({ name: 'node:net upgraded to TLS', places: [ipPlace('127.0.0.1'), ipPlace('::1'), unixPlace('path')], make });
  socketContract({ name: 'node:net upgraded to TLS', hosts: ['127.0.0.1', '::1'], make: () => ({ streamTransport: make() }) });
} else {
  test('upgraded TLS contract', (t) => {
    if (process.env.CI === 'true') t.fail('openssl is missing: .ci/run installs it');
    else t.pass('skipped: no openssl on this machine');
  });
}
