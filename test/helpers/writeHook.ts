import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../../src/transport/StreamTransport.js';

/** What a {@link WriteHookTransport} calls instead of a connection's `write`; `target` is the real connection. */
export type WriteHook = (target: StreamConnection, data: Uint8Array, written?: () => void) => boolean;

/**
 * node:net underneath, with every connected connection's `write` going through `hook` (a
 * faulty or slow custom transport, for tests). Listening is left as node:net does it.
 */
export class WriteHookTransport implements StreamTransport {
  readonly #node = new NodeStreamTransport();
  readonly #hook: WriteHook;

  constructor(hook: WriteHook) {
    this.#hook = hook;
  }

  async connect(options: ConnectOptions): Promise<StreamConnection> {
    const connection = await this.#node.connect(options);
    const hook = this.#hook;
    return new Proxy(connection, {
      get(target, key) {
        if (key === 'write') return (data: Uint8Array, written?: () => void): boolean => hook(target, data, written);
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    return this.#node.listen(options, onConnection);
  }
}
