import test from 'ava';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { socketContract } from './socketContract.js';
import { ipPlace, streamContract } from './streamContract.js';

// WebSocket is a message-oriented stream transport: the same contract, with one difference the
// protocol imposes (no half-close: see `messages` in streamContract.ts).
const ws = (): NodeWebSocketTransport => new NodeWebSocketTransport({ path: '/game' });
streamContract({ name: 'ws', places: [ipPlace('127.0.0.1'), ipPlace('::1')], make: ws, messages: true });
socketContract({ name: 'ws', hosts: ['127.0.0.1', '::1'], make: () => ({ streamTransport: ws() }) });

if (hasOpenssl()) {
  const pki = makePki();
  test.after.always(() => pki.remove());
  const wss = (): NodeWebSocketTransport =>
    new NodeWebSocketTransport({ tls: { client: { ca: pki.ca }, server: { certChain: pki.serverCert, key: pki.serverKey } } });
  streamContract({ name: 'wss', places: [ipPlace('127.0.0.1')], make: wss, messages: true });
  socketContract({ name: 'wss', hosts: ['127.0.0.1'], make: () => ({ streamTransport: wss() }) });
} else {
  test('wss contract', (t) => {
    if (process.env.CI === 'true') t.fail('openssl is missing: .ci/run installs it');
    else t.pass('skipped: no openssl on this machine');
  });
}
