import test from 'ava';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { socketContract } from './socketContract.js';
import { streamContract } from './streamContract.js';

// TLS is a stream transport like node:net: the same contract, over a PKI made now by openssl.
if (hasOpenssl()) {
  const pki = makePki();
  test.after.always(() => pki.remove());
  const tls = (): NodeTlsTransport =>
    new NodeTlsTransport({ client: { ca: pki.ca }, server: { certChain: pki.serverCert, key: pki.serverKey } });
  streamContract({ name: 'node:tls', hosts: ['127.0.0.1', '::1'], make: tls });
  socketContract({ name: 'node:tls', hosts: ['127.0.0.1', '::1'], make: () => ({ streamTransport: tls() }) });
} else {
  test('node:tls contract', (t) => {
    if (process.env.CI === 'true') t.fail('openssl is missing: .ci/run installs it');
    else t.pass('skipped: no openssl on this machine');
  });
}
