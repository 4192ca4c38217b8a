import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { ProxyProtocolTransport } from '../../src/proxy/ProxyProtocolTransport.js';
import { socketContract } from './socketContract.js';
import { ipPlace, streamContract } from './streamContract.js';
import { unixPlace } from './unixPlace.js';

// The PROXY decorator is a stream transport like the one it wraps: its connect sends a header
// naming its own ends (send: 'v1' / 'v2'), its listen reads it, and the contract holds through it.
const trusted = ['127.0.0.1', '::1'];
const overNet = (send: 'v1' | 'v2') => (): ProxyProtocolTransport =>
  new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: trusted, trustUnixPeers: true, send });
streamContract({ name: 'PROXY v2 over node:net', places: [ipPlace('127.0.0.1'), ipPlace('::1'), unixPlace('path')], make: overNet('v2') });
streamContract({ name: 'PROXY v1 over node:net', places: [ipPlace('127.0.0.1')], make: overNet('v1') });
streamContract({
  name: 'PROXY v2 over memory (7-byte chunks)',
  places: [ipPlace('127.0.0.1')],
  make: () => new ProxyProtocolTransport(new MemoryStreamTransport({ chunkSize: 7 }), { trustedProxies: trusted, send: 'v2' }),
});
socketContract({ name: 'PROXY v2 over node:net', hosts: ['127.0.0.1', '::1'], make: () => ({ streamTransport: overNet('v2')() }) });
