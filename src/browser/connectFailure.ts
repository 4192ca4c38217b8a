import { failed } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';

/** The part of the browser's `fetch` the probe uses (no DOM types in the browser entry). */
type ProbeFetch = (url: string, init: { mode: string; credentials: string; cache: string; redirect: string; signal: unknown }) => Promise<unknown>;
/** The browser's `AbortController`, as the probe uses it. */
type ProbeAbort = new () => { readonly signal: unknown; abort(): void };

/** How long the probe may take when `connect` has no time-out of its own. */
const PROBE_MS = 3000;

/**
 * Why a `BrowserSocket` could open no WebSocket to `url`, as far as a browser lets us know: with
 * `probe`, one HTTP request (no credentials) tells whether a server answers at that URL (it
 * refused the upgrade: `Security`) or not (`Refused`); an answer that does not come before
 * `deadline` (or within 3 s without one) is a `Timeout`.
 *
 * @param url - the WebSocket URL.
 * @param code - the close code the browser reported.
 * @param deadline - `Date.now()` time of the connect's time-out, or 0 for none.
 * @param probe - whether to send the probe request.
 * @returns the `Error` result `connect` answers.
 * @internal
 */
export async function connectFailure(url: string, code: number, deadline: number, probe: boolean): Promise<StatusResult> {
  const refused = (why: string): StatusResult => failed(new SocketError('Refused', `connect ${url}: no WebSocket could be opened (close code ${code}); ${why}`));
  const scope = globalThis as { fetch?: ProbeFetch; AbortController?: ProbeAbort };
  const fetch = scope.fetch;
  const Abort = scope.AbortController;
  if (!probe || typeof fetch !== 'function' || typeof Abort !== 'function') return refused('a browser does not tell why');
  const abort = new Abort();
  const timer = setTimeout(() => abort.abort(), deadline > 0 ? Math.max(1, deadline - Date.now()) : PROBE_MS);
  try {
    await fetch(url.replace(/^ws/i, 'http'), { mode: 'no-cors', credentials: 'omit', cache: 'no-store', redirect: 'manual', signal: abort.signal });
    return failed(
      new SocketError(
        'Security',
        `connect ${url}: a server answers there but refused the WebSocket upgrade: its policy (the Origin or the address not allowed) or a wrong path (a browser does not tell which)`,
      ),
    );
  } catch (cause) {
    if ((cause as { name?: unknown } | null)?.name === 'AbortError') {
      return failed(new SocketError('Timeout', `connect ${url}: no answer${deadline > 0 ? ' within the time-out' : ''}`, { cause }));
    }
    return refused('no server answers there: nothing listens, it cannot be reached, or its certificate is not trusted (a browser does not tell which)');
  } finally {
    clearTimeout(timer);
  }
}
