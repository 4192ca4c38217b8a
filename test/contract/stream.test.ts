import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { ipPlace, streamContract } from './streamContract.js';
import { unixPlace } from './unixPlace.js';
import { socketContract } from './socketContract.js';

streamContract({ name: 'node:net', places: [ipPlace('127.0.0.1'), ipPlace('::1'), unixPlace('path'), unixPlace('abstract')], make: () => new NodeStreamTransport() });
streamContract({ name: 'memory', places: [ipPlace('127.0.0.1'), ipPlace('::1')], make: () => new MemoryStreamTransport() });
streamContract({ name: 'memory (7-byte chunks)', places: [ipPlace('127.0.0.1')], make: () => new MemoryStreamTransport({ chunkSize: 7 }) });
socketContract({ name: 'node:net + node:dgram', hosts: ['127.0.0.1', '::1'], make: () => ({}) });
