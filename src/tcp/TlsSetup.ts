import { SocketError } from '../core/SocketError.js';
import { TlsStatus, type TlsResult } from '../core/TlsStatus.js';
import type { StreamConnection } from '../transport/StreamConnection.js';
import type { TlsUpgrade } from '../transport/TlsOptions.js';
import type { StreamChannel } from './StreamChannel.js';
import { copyBytes } from '../core/copyBytes.js';

/** The answers of a TLS setup that carry no error: shared, frozen. */
export const TLS_NOT_CONNECTED: TlsResult = Object.freeze({ status: TlsStatus.NotConnected });
export const TLS_STARTED: TlsResult = Object.freeze({ status: TlsStatus.HandshakeStarted });
export const TLS_COMPLETE: TlsResult = Object.freeze({ status: TlsStatus.HandshakeComplete });

/**
 * One TLS upgrade of a connected `TcpSocket` (SFML 3.1's `setupTlsClient` / `setupTlsServer`),
 * from the plaintext channel to the encrypted connection.
 *
 * @remarks
 * The steps: the plaintext output still queued is written out first (it was sent before the
 * upgrade, so it goes in clear); then the bytes received and not yet read are taken from the
 * channel — they are the start of the peer's TLS stream — and handed with the connection to
 * `startTls`. `finish` receives the encrypted connection or the failure and says what the socket
 * answers. `result` is that answer once known, kept for a non-blocking caller's next call.
 *
 * @internal
 */
export class TlsSetup {
  /** The answer, once the handshake ended. */
  result: TlsResult | undefined;
  /** Settles with the answer. */
  readonly done: Promise<TlsResult>;
  readonly #channel: StreamChannel;
  #abandon: ((error: SocketError) => void) | null = null;

  constructor(channel: StreamChannel, upgrade: TlsUpgrade, finish: (outcome: StreamConnection | SocketError) => TlsResult) {
    this.#channel = channel;
    this.done = this.#run(upgrade).then((outcome) => (this.result = finish(outcome)));
  }

  /** Stops the upgrade (the socket disconnects): the connection under the handshake is destroyed and `done` settles at once. */
  abort(): void {
    this.#channel.connection.destroy();
    this.#abandon?.(new SocketError('TlsProtocol', 'TLS setup: the socket was disconnected during the handshake'));
  }

  async #run(upgrade: TlsUpgrade): Promise<StreamConnection | SocketError> {
    let aborted = false;
    const abandoned = new Promise<SocketError>((resolve) => {
      this.#abandon = (error) => {
        aborted = true;
        resolve(error);
      };
    });
    const handshake = this.#handshake(upgrade);
    const outcome = await Promise.race([handshake, abandoned]);
    this.#abandon = null;
    // Whatever an abandoned handshake still produces is closed.
    if (aborted) void handshake.then((late) => (late instanceof SocketError ? undefined : late.destroy()));
    return outcome;
  }

  async #handshake(upgrade: TlsUpgrade): Promise<StreamConnection | SocketError> {
    const channel = this.#channel;
    channel.flush();
    while (channel.outbound > 0 && !channel.closed) await new Promise<void>((room) => channel.addRoomWaiter(room));
    const connection = channel.connection;
    const start = connection.startTls;
    if (start === undefined) return new SocketError('TlsProtocol', 'TLS setup: this transport cannot start TLS on a connection');
    const queue = channel.queue;
    const head = queue.length === 0 ? new Uint8Array(0) : copyBytes(queue.take(queue.length));
    try {
      return await start.call(connection, upgrade, head);
    } catch (error) {
      return error instanceof SocketError ? error : new SocketError('TlsProtocol', `TLS setup: ${String(error)}`, { cause: error });
    }
  }
}
