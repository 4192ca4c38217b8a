import test from 'ava';
import { runArena } from '../../docs/examples/arena/runArena.js';
import { Chromium, hasChromium } from '../browser/chromium.js';

// The demo in a real browser: `npm start` serves the arena's page; headless Chromium opens it,
// plays (the test presses an arrow key), the page draws, and the server sees the browser player.
const it = hasChromium || process.env.CI === 'true' ? test : test.skip;

it('the arena page draws players and bots, and the server sees the browser player join and move', async (t) => {
  const browser = Chromium.launch();
  t.teardown(() => browser.close());
  let url: string | undefined;
  let opened: (() => void) | undefined;
  const listening = new Promise<void>((resolve) => (opened = resolve));
  // Long enough for a slow browser start; ended by the signal once the page was seen.
  const stop = new AbortController();
  const arena = runArena({ bots: 3, durationMs: 30_000, tickRate: 30, web: true, signal: stop.signal, onListening: (server) => ((url = server.webUrl), opened?.()) });
  await listening;
  t.regex(String(url), /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await browser.newPage();
  await page.goto(String(url));
  const state = (): Promise<{ playerId: number; snapshots: number; inputs: number } | null> => page.evaluate('globalThis.arenaState ?? null');
  for (let i = 0; i < 200 && ((await state())?.snapshots ?? 0) < 10; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  // A person holds the right arrow for a while.
  await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'ArrowRight', code: 'ArrowRight', windowsVirtualKeyCode: 39 });
  await new Promise((resolve) => setTimeout(resolve, 700));
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'ArrowRight', code: 'ArrowRight', windowsVirtualKeyCode: 39 });
  const seen = await state();
  t.true((seen?.playerId ?? 0) > 0, 'the page joined and got a player id');
  t.true((seen?.snapshots ?? 0) >= 10, `snapshots drawn: ${seen?.snapshots}`);
  const shot = await page.screenshot();
  if (process.env.SFNET_SHOT !== undefined) (await import('node:fs')).writeFileSync(process.env.SFNET_SHOT, shot.png);
  let own = 0;
  let bots = 0;
  for (let i = 0; i < shot.rgba.length; i += 4) {
    const [r, g, b] = [shot.rgba[i] as number, shot.rgba[i + 1] as number, shot.rgba[i + 2] as number];
    if (r > 200 && g > 170 && b < 120) own++; // the yellow dot
    if (r < 140 && g > 150 && b > 190) bots++; // the blue dots
  }
  t.true(own > 50, `the browser player is drawn (${own} yellow pixels)`);
  t.true(bots > 50, `the bots are drawn (${bots} blue pixels)`);
  await page.send('Page.close');
  stop.abort();
  const summary = await arena;
  t.is(summary.server.webJoins, 1, 'the server saw one browser player join');
  t.true(summary.server.webInputs > 10, `and applied its inputs (${summary.server.webInputs})`);
  t.true(summary.bots.every((bot) => bot.joins >= 1), 'the bots played beside it');
});
