/**
 * The arena's browser client: joins over WebSocket with `BrowserSocket` (the `sfnet/browser`
 * entry), sends its input each tick and draws each snapshot on the canvas. Runs in the page that
 * `WebFront` serves; polls non-blocking, once per animation frame, as a game loop does.
 *
 * @module
 */
import { BrowserSocket, Packet, SocketStatus } from '../../../../src/browser/index.js';
import { Kind, decodeServer, decodeSnapshot, encodeClient, encodeInput, type Snapshot } from '../protocol.js';

/** The few DOM pieces used (the project compiles without the DOM library). */
interface Canvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): Drawing;
}
interface Drawing {
  fillStyle: string;
  font: string;
  fillRect(x: number, y: number, width: number, height: number): void;
  beginPath(): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
}
interface Page {
  readonly location: { readonly host: string; readonly protocol: string };
  readonly document: { getElementById(id: string): unknown };
  addEventListener(type: string, listener: (event: { readonly key: string }) => void): void;
  requestAnimationFrame(callback: () => void): void;
  arenaState?: { playerId: number; snapshots: number; inputs: number };
}

const page = globalThis as unknown as Page;
const canvas = page.document.getElementById('arena') as Canvas;
const status = page.document.getElementById('status') as { textContent: string };
const draw = canvas.getContext('2d');
/** The arena's size in its own units (see World.ts). */
const ARENA = 100;

const held = new Set<string>();
page.addEventListener('keydown', (event) => held.add(event.key.toLowerCase()));
page.addEventListener('keyup', (event) => held.delete(event.key.toLowerCase()));

/** The input vector of the keys held now. */
function direction(): { dx: number; dy: number } {
  const on = (...keys: string[]): number => (keys.some((key) => held.has(key)) ? 1 : 0);
  return { dx: on('arrowright', 'd') - on('arrowleft', 'a'), dy: on('arrowdown', 's') - on('arrowup', 'w') };
}

/** Draws one snapshot: every player as a dot, ours in yellow. */
function render(snapshot: Snapshot, self: number): void {
  draw.fillStyle = '#1b2631';
  draw.fillRect(0, 0, canvas.width, canvas.height);
  for (const player of snapshot.players) {
    draw.fillStyle = player.id === self ? '#f4d03f' : '#5dade2';
    draw.beginPath();
    draw.arc((player.x / ARENA) * canvas.width, (player.y / ARENA) * canvas.height, player.id === self ? 9 : 6, 0, 2 * Math.PI);
    draw.fill();
  }
  draw.fillStyle = '#ddd';
  draw.font = '14px sans-serif';
  draw.fillText(`tick ${snapshot.tick} · ${snapshot.players.length} players`, 10, 20);
}

async function play(): Promise<void> {
  const socket = new BrowserSocket();
  const scheme = page.location.protocol === 'https:' ? 'wss' : 'ws';
  if ((await socket.connect(`${scheme}://${page.location.host}/play`, 5000)).status !== SocketStatus.Done) {
    status.textContent = 'could not connect';
    return;
  }
  await socket.send(encodeClient({ kind: Kind.Join, name: 'browser' }));
  socket.setBlocking(false);
  const state = (page.arenaState = { playerId: 0, snapshots: 0, inputs: 0 });
  let token = 0;
  let seq = 0;
  const packet = new Packet();
  const frame = async (): Promise<void> => {
    for (;;) {
      const result = await socket.receive(packet);
      if (result.status === SocketStatus.NotReady) break;
      if (result.status !== SocketStatus.Done) {
        status.textContent = `disconnected (${result.error?.message ?? result.status})`;
        return;
      }
      if (packet.getData()[0] === Kind.Snapshot) {
        const snapshot = decodeSnapshot(packet);
        if (snapshot !== null) render(snapshot, state.playerId);
        state.snapshots++;
        continue;
      }
      const message = decodeServer(packet);
      if (message?.kind === Kind.Welcome) {
        state.playerId = message.playerId;
        token = message.token;
        status.textContent = `playing as player ${message.playerId}`;
      } else if (message?.kind === Kind.Refused) {
        status.textContent = `refused: ${message.reason}`;
        return;
      }
    }
    if (state.playerId !== 0) {
      await socket.send(encodeInput({ playerId: state.playerId, token, seq: ++seq, ...direction() }));
      state.inputs++;
    }
    page.requestAnimationFrame(() => void frame());
  };
  await frame();
}

void play();
