import { MemoryDatagramTransport } from '../../src/platform/memory/MemoryDatagramTransport.js';
import { NodeDatagramTransport } from '../../src/platform/node/NodeDatagramTransport.js';
import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { datagramContract } from './datagramContract.js';
import { socketContract } from './socketContract.js';

datagramContract({ name: 'node:dgram', hosts: ['127.0.0.1', '::1'], make: () => new NodeDatagramTransport() });
datagramContract({ name: 'memory', hosts: ['127.0.0.1', '::1'], make: () => new MemoryDatagramTransport() });
socketContract({
  name: 'memory transports',
  hosts: ['127.0.0.1', '::1'],
  make: () => ({ streamTransport: new MemoryStreamTransport({ chunkSize: 5 }), datagramTransport: new MemoryDatagramTransport() }),
});
