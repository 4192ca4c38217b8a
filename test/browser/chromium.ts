/**
 * Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: the
 * browser reads commands on fd 3 and writes answers on fd 4, each a JSON text ending in NUL), so
 * no port is opened and no library is needed. One browser a test file, stopped by PID at teardown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';

/** Debian's chromium package (installed by .ci/run). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser is there; a test must fail in CI when it is not, and may skip locally. */
export const hasChromium = existsSync(CHROMIUM);

interface Answer {
  readonly id?: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

/** Someone waiting for an event. */
interface Listener {
  readonly method: string;
  readonly session: string | undefined;
  readonly wake: () => void;
}

/** A page of the browser, attached in flat mode. */
export class ChromiumPage {
  readonly #browser: Chromium;
  readonly #session: string;

  constructor(browser: Chromium, session: string) {
    this.#browser = browser;
    this.#session = session;
  }

  /** Sends a command of the page's session. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.#browser.send(method, params, this.#session);
  }

  /** Loads `url` and waits for its load event. */
  async goto(url: string): Promise<void> {
    await this.send('Page.enable');
    const loaded = this.#browser.once('Page.loadEventFired', this.#session);
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** Evaluates `expression` in the page, awaiting a promise, and returns its value (JSON). */
  async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    const thrown = answer['exceptionDetails'] as { text?: string; exception?: { description?: string } } | undefined;
    if (thrown !== undefined) throw new Error(`page threw: ${thrown.exception?.description ?? thrown.text ?? 'unknown'}`);
    return (answer['result'] as { value: T }).value;
  }

  /** A PNG screenshot of the viewport, decoded to RGBA pixels. */
  async screenshot(): Promise<{ width: number; height: number; rgba: Uint8Array; png: Buffer }> {
    const answer = await this.send('Page.captureScreenshot', { format: 'png' });
    const png = Buffer.from(answer['data'] as string, 'base64');
    return { ...decodePng(png), png };
  }
}

/** A running headless Chromium. */
export class Chromium {
  readonly #process: ChildProcess;
  readonly #input: Writable;
  readonly #profile: string;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  readonly #listeners: Listener[] = [];
  #buffered = '';

  private constructor(child: ChildProcess, profile: string) {
    this.#process = child;
    this.#profile = profile;
    const stdio = child.stdio as unknown as [unknown, unknown, unknown, Writable, Readable];
    this.#input = stdio[3];
    stdio[4].setEncoding('utf8');
    stdio[4].on('data', (text: string) => this.#read(text));
    child.once('exit', () => {
      for (const { reject } of this.#pending.values()) reject(new Error('chromium exited'));
      this.#pending.clear();
    });
  }

  /** Starts the browser (headless, no sandbox: CI runs as root) with a fresh profile. */
  static launch(): Chromium {
    const profile = mkdtempSync(join(tmpdir(), 'sfnet-chromium-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        '--remote-debugging-pipe',
        '--window-size=800,600',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      // Its own process group, so the close stops its helper processes (renderer, zygote) too. Its
      // temporary files (the singleton socket's org.chromium.Chromium.* folder) go under the
      // profile, which the close removes, not in the machine's temporary directory.
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, TMPDIR: profile } },
    );
    return new Chromium(child, profile);
  }

  /** Opens a new page. */
  async newPage(): Promise<ChromiumPage> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    return new ChromiumPage(this, sessionId);
  }

  /** Sends a command (of a page's session when given) and resolves with its result. */
  send(method: string, params: Record<string, unknown>, session?: string): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#input.write(`${JSON.stringify({ id, method, params, ...(session === undefined ? {} : { sessionId: session }) })}\0`);
    });
  }

  /** Resolves at the next event `method` (of `session`). */
  once(method: string, session?: string): Promise<void> {
    return new Promise((wake) => this.#listeners.push({ method, session, wake }));
  }

  /** Stops the browser by its PID and removes its profile. */
  async close(): Promise<void> {
    const child = this.#process;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    // Helpers may still be exiting: retry a little, and leave a temporary folder rather than fail.
    try {
      rmSync(this.#profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // left in the temporary directory
    }
  }

  #read(text: string): void {
    this.#buffered += text;
    let end: number;
    while ((end = this.#buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.#buffered.slice(0, end)) as Answer & { method?: string; sessionId?: string };
      this.#buffered = this.#buffered.slice(end + 1);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (let i = this.#listeners.length - 1; i >= 0; i--) {
          const listener = this.#listeners[i] as Listener;
          if (listener.method === message.method && (listener.session === undefined || listener.session === message.sessionId)) {
            this.#listeners.splice(i, 1);
            listener.wake();
          }
        }
      }
    }
  }
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are) to RGBA. */
export function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colour, , , interlace] = [png[24], png[25], png[26], png[27], png[28]];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour ${colour}, interlace ${interlace})`);
  const channels = colour === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      pixels[y * stride + x] = ((line[x] as number) + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([pixels[i * 3] as number, pixels[i * 3 + 1] as number, pixels[i * 3 + 2] as number, 255], i * 4);
  return { width, height, rgba };
}
