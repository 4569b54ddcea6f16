import { Decoder, Encoder, type Packet, PacketType, protocol } from 'socket.io-parser';

/** Payloads marked by `jsonOnly` (held weakly: a payload is forgotten with its packet). */
const JSON_ONLY = new WeakSet<object>();

/**
 * Marks an event's payload as plain JSON values (no Buffer, ArrayBuffer or typed array anywhere in it), so that its
 * packet is encoded without Socket.IO's binary scan. For large payloads built by the server itself: a board delta of
 * a burst carries hundreds of entries, and the scan (`hasBinary`, a recursive walk of every key) cost as much as the
 * JSON encoding itself (~2 % of the server's CPU in a 10,000-point check-in burst, `--cpu-prof`).
 */
export function jsonOnly<T extends object>(payload: T): T {
  JSON_ONLY.add(payload);
  return payload;
}

/**
 * Socket.IO's own encoder, except for an event whose one argument was marked `jsonOnly`: that packet is written in the
 * protocol's string form (`2` + namespace + `,` + JSON of `[event, payload]`, exactly what the default encoder writes
 * for a packet without binary data) without the scan. Every other packet goes through the default encoder.
 */
export class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const data: unknown = packet.data;
    if (packet.type === PacketType.EVENT && packet.id === undefined && Array.isArray(data) && data.length === 2 && JSON_ONLY.has(data[1] as object)) {
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
      return [`${PacketType.EVENT}${nsp}${JSON.stringify(data)}`];
    }
    return super.encode(packet);
  }
}

/** The parser of the `/live` server (`parser` option of Socket.IO): the default decoder, the encoder above. */
export const jsonOnlyParser = { protocol, Encoder: JsonOnlyEncoder, Decoder };
