import { IpAddress } from '../address/IpAddress.js';
import type { SocketError } from '../core/SocketError.js';
import type { ProxyHeader, ProxyInfo } from '../transport/ProxyInfo.js';
import type { StreamConnection, StreamHandler } from '../transport/StreamConnection.js';
import { StreamConnectionDecorator } from '../transport/StreamConnectionDecorator.js';
import { parseProxyHeader } from './parseProxyHeader.js';
import { copyBytes } from '../core/copyBytes.js';

/** How a connection's header reading ended: handed out, or dropped with the reason. */
export interface HeaderOutcome {
  /** The header arrived and was valid: hand `connection` out. */
  ready(connection: ProxiedConnection): void;
  /** The connection was dropped (bad header, time-out, closed early); `reason` for the log. */
  dropped(connection: ProxiedConnection, reason: string): void;
}

/** One event that arrived after the header, before the application attached. */
type Early = { readonly data: Uint8Array } | { readonly end: true } | { readonly close: SocketError | undefined };

/**
 * An accepted connection whose PROXY header is read first: it is the inner connection's only
 * handler from the start, collects the header (bounded by `maxSize` and a timer), then reports
 * the client's address as its remote end and passes every byte after the header on, in order.
 *
 * @remarks
 * Between the header and the application's `attach`, the inner connection is paused and what
 * still arrives (the bytes after the header, a FIN, a close) waits here; `attach` delivers it
 * first. The local end stays the inner connection's (this host's socket); where the client
 * connected to is in {@link ProxiedConnection.proxy}.
 *
 * @internal
 */
export class ProxiedConnection extends StreamConnectionDecorator {
  readonly #maxSize: number;
  #outcome: HeaderOutcome | null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #head: Uint8Array = new Uint8Array(0);
  #info: ProxyInfo | null = null;
  #handler: StreamHandler | null = null;
  #early: Early[] = [];
  #userPaused = false;

  /**
   * Starts reading the header of `inner`.
   *
   * @param inner - the accepted connection (from a trusted proxy).
   * @param maxSize - the largest header accepted.
   * @param timeoutMs - how long the whole header may take.
   * @param outcome - told once: ready or dropped.
   */
  constructor(inner: StreamConnection, maxSize: number, timeoutMs: number, outcome: HeaderOutcome) {
    super(inner);
    this.#maxSize = maxSize;
    this.#outcome = outcome;
    this.#timer = setTimeout(() => this.#drop(`no complete PROXY header within ${timeoutMs} ms`), timeoutMs);
    inner.attach({
      data: (chunk) => this.#onData(chunk),
      end: () => this.#onEnd(),
      close: (error) => this.#onClose(error),
      drain: () => this.#handler?.drain(),
    });
  }

  /** The header's content and the proxy's address; `null` until the header was read. */
  override get proxy(): ProxyInfo | null {
    return this.#info;
  }

  override get remoteAddress(): string {
    const info = this.#info;
    return info !== null && info.sourceAddress !== null && info.command === 'proxy' ? info.sourceAddress : this.inner.remoteAddress;
  }

  override get remotePort(): number {
    const info = this.#info;
    return info !== null && info.sourceAddress !== null && info.command === 'proxy' ? info.sourcePort : this.inner.remotePort;
  }

  override attach(handler: StreamHandler): void {
    this.#handler = handler;
    const early = this.#early;
    this.#early = [];
    for (const event of early) {
      if ('data' in event) handler.data(event.data);
      else if ('end' in event) handler.end();
      else handler.close(event.close);
    }
    if (!this.#userPaused) this.inner.resume();
  }

  override pause(): void {
    this.#userPaused = true;
    this.inner.pause();
  }

  override resume(): void {
    this.#userPaused = false;
    if (this.#handler !== null) this.inner.resume();
  }

  /** The inner connection's bytes: the header first, then the application's. */
  #onData(chunk: Uint8Array): void {
    if (this.#info !== null) {
      this.#deliver({ data: chunk });
      return;
    }
    if (this.#outcome === null) return; // dropped: whatever still arrives is ignored
    const head = this.#head.length === 0 ? chunk : concat(this.#head, chunk);
    const found = parseProxyHeader(head, this.#maxSize);
    if (found.kind === 'incomplete') {
      this.#head = head;
      return;
    }
    if (found.kind === 'invalid') {
      this.#drop(found.reason);
      return;
    }
    this.#head = new Uint8Array(0);
    this.#ready(found.header, head.length > found.length ? head.subarray(found.length) : null);
  }

  #onEnd(): void {
    if (this.#info === null) this.#drop('the proxy closed before a complete PROXY header');
    else this.#deliver({ end: true });
  }

  #onClose(error: SocketError | undefined): void {
    if (this.#info === null) this.#drop('the connection closed before a complete PROXY header');
    else this.#deliver({ close: error });
  }

  /** The header is complete: keep what it says, pause until the application attaches, hand out. */
  #ready(header: ProxyHeader, rest: Uint8Array | null): void {
    clearTimeout(this.#timer);
    const inner = this.inner;
    // The proxy's address in the SDK's spelling, as the header's are (an IPv4-mapped address reads as IPv4).
    const proxyAddress = IpAddress.tryParse(inner.remoteAddress)?.toString() ?? inner.remoteAddress;
    this.#info = { ...header, proxyAddress, proxyPort: inner.remotePort };
    const outcome = this.#outcome;
    this.#outcome = null;
    inner.pause();
    if (rest !== null) this.#early.push({ data: copyBytes(rest) });
    outcome?.ready(this);
  }

  #deliver(event: Early): void {
    const handler = this.#handler;
    if (handler === null) this.#early.push(event);
    else if ('data' in event) handler.data(event.data);
    else if ('end' in event) handler.end();
    else handler.close(event.close);
  }

  #drop(reason: string): void {
    clearTimeout(this.#timer);
    const outcome = this.#outcome;
    if (outcome === null) return;
    this.#outcome = null;
    this.#head = new Uint8Array(0);
    this.inner.destroy();
    outcome.dropped(this, reason);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
