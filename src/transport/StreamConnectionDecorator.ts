import type { StreamConnection, StreamHandler } from './StreamConnection.js';
import type { ProxyInfo } from './ProxyInfo.js';
import type { TlsInfo } from './TlsInfo.js';

/**
 * A connection in front of another that hands every member on to it: the base of decorators
 * (the network conditioner, the PROXY protocol reader), which override only what they change.
 *
 * @remarks
 * Optional members (`tls`, `messages`, `admitted`, `proxy`, `ping`, the traffic class) answer as
 * the connection underneath does, so a decorator keeps what the transport under it can do — a
 * WebSocket stays message-oriented, its ping stays its own.
 *
 * @example
 * ```ts
 * class Counting extends StreamConnectionDecorator {
 *   written = 0;
 *   override write(data: Uint8Array, written?: () => void): boolean {
 *     this.written += data.length;
 *     return super.write(data, written);
 *   }
 * }
 * ```
 */
export abstract class StreamConnectionDecorator implements StreamConnection {
  /** The connection underneath. */
  protected readonly inner: StreamConnection;

  /**
   * Wraps `inner`.
   *
   * @param inner - the connection every member is handed on to.
   * @example
   * ```ts
   * class Plain extends StreamConnectionDecorator {}
   * const same = new Plain(connection);
   * ```
   */
  protected constructor(inner: StreamConnection) {
    this.inner = inner;
  }

  get remoteAddress(): string {
    return this.inner.remoteAddress;
  }

  get remotePort(): number {
    return this.inner.remotePort;
  }

  get localAddress(): string {
    return this.inner.localAddress;
  }

  get localPort(): number {
    return this.inner.localPort;
  }

  get bufferedAmount(): number {
    return this.inner.bufferedAmount;
  }

  get tls(): TlsInfo | null | undefined {
    return this.inner.tls;
  }

  get messages(): boolean | undefined {
    return this.inner.messages;
  }

  get admitted(): boolean | undefined {
    return this.inner.admitted;
  }

  get proxy(): ProxyInfo | null | undefined {
    return this.inner.proxy;
  }

  /** The liveness probe of the connection underneath, when it has one (a WebSocket ping). */
  get ping(): ((answered: () => void) => void) | undefined {
    const inner = this.inner;
    return inner.ping === undefined ? undefined : (answered) => inner.ping?.(answered);
  }

  attach(handler: StreamHandler): void {
    this.inner.attach(handler);
  }

  write(data: Uint8Array, written?: () => void): boolean {
    return this.inner.write(data, written);
  }

  pause(): void {
    this.inner.pause();
  }

  resume(): void {
    this.inner.resume();
  }

  shutdownOutput(): void {
    this.inner.shutdownOutput();
  }

  destroy(): void {
    this.inner.destroy();
  }

  close(): void {
    this.inner.close();
  }

  setNoDelay(noDelay: boolean): void {
    this.inner.setNoDelay(noDelay);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.inner.setKeepAlive(enable, initialDelayMs);
  }

  setTrafficClass(value: number): boolean {
    return this.inner.setTrafficClass?.(value) ?? false;
  }

  getTrafficClass(): number | null {
    return this.inner.getTrafficClass?.() ?? null;
  }
}
