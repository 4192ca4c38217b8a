import { ConditionedStreamTransport } from '../../src/conditioner/ConditionedStreamTransport.js';
import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';
import { socketContract } from './socketContract.js';
import { ipPlace, streamContract } from './streamContract.js';

// The stream conditioner keeps a stream's guarantees (order, half-close, backpressure, the end
// after the data): the whole contract, with delay and jitter both ways and a rate limit.
const slow = { seed: 9, latencyMs: 3, jitterMs: 4, bytesPerSecond: 64 * 1024 * 1024, burstBytes: 64 * 1024, inbound: { latencyMs: 2, jitterMs: 3 } };
streamContract({ name: 'conditioned node:net', places: [ipPlace('127.0.0.1'), ipPlace('::1')], make: () => new ConditionedStreamTransport(new NodeStreamTransport(), slow) });
streamContract({ name: 'conditioned memory', places: [ipPlace('127.0.0.1')], make: () => new ConditionedStreamTransport(new MemoryStreamTransport({ chunkSize: 7 }), slow) });
socketContract({ name: 'conditioned node:net', hosts: ['127.0.0.1'], make: () => ({ streamTransport: new ConditionedStreamTransport(new NodeStreamTransport(), slow) }) });

// A message transport stays one under the conditioner: each packet is still one WebSocket message.
streamContract({ name: 'conditioned WebSocket', places: [ipPlace('127.0.0.1')], make: () => new ConditionedStreamTransport(new NodeWebSocketTransport({ path: '/game' }), slow), messages: true });
