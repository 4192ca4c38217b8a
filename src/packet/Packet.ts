// TEMPORARY STUB (not committed): replaced by the packet branch.
let send: (p: Packet) => Uint8Array;
let recv: (p: Packet, d: Uint8Array) => void;
export class Packet {
  #data = new Uint8Array(0);
  #read = 0;
  append(d: Uint8Array): this { const n = new Uint8Array(this.#data.length + d.length); n.set(this.#data); n.set(d, this.#data.length); this.#data = n; return this; }
  getData(): Uint8Array { return this.#data; }
  getDataSize(): number { return this.#data.length; }
  clear(): void { this.#data = new Uint8Array(0); this.#read = 0; }
  writeString(s: string): this { const b = new TextEncoder().encode(s); const h = new Uint8Array(4); new DataView(h.buffer).setUint32(0, b.length); return this.append(h).append(b); }
  readString(): string { const n = new DataView(this.#data.buffer, this.#data.byteOffset).getUint32(this.#read); const s = new TextDecoder().decode(this.#data.subarray(this.#read + 4, this.#read + 4 + n)); this.#read += 4 + n; return s; }
  protected onSend(data: Uint8Array): Uint8Array { return data; }
  protected onReceive(data: Uint8Array): void { this.append(data); }
  static { send = (p) => p.onSend(p.getData()); recv = (p, d) => { p.clear(); p.onReceive(d); }; }
}
export function payloadForSend(packet: Packet): Uint8Array { return send(packet); }
export function acceptReceived(packet: Packet, data: Uint8Array): void { recv(packet, data); }
