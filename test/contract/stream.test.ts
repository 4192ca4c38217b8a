import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { streamContract } from './streamContract.js';
import { socketContract } from './socketContract.js';

streamContract({ name: 'node:net', hosts: ['127.0.0.1', '::1'], make: () => new NodeStreamTransport() });
streamContract({ name: 'memory', hosts: ['127.0.0.1', '::1'], make: () => new MemoryStreamTransport() });
streamContract({ name: 'memory (7-byte chunks)', hosts: ['127.0.0.1'], make: () => new MemoryStreamTransport({ chunkSize: 7 }) });
socketContract({ name: 'node:net + node:dgram', hosts: ['127.0.0.1', '::1'], make: () => ({}) });
