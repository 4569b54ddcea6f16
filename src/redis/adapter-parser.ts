import * as msgpack from 'notepack.io';

/**
 * The Socket.IO Redis adapter's parser: MessagePack (the adapter's default, the same bytes on the wire, so instances of
 * the previous version read ours and we read theirs), except that a broadcast this instance published itself is not
 * decoded. The adapter hears its own broadcasts back from Redis and, for a room it has members in (an instance with
 * a board open), decoded each one only to drop it because the `uid` was its own: every board delta the instance sent,
 * decoded again (`notepack` decode ~3 % of a one-instance check-in burst with Redis, `--cpu-prof`).
 *
 * A broadcast is the array `[uid, packet, opts]`, so a message of ours starts with the bytes of a three-element array
 * and our uid as a short string. Such a message decodes to `[uid]` alone, which the adapter drops as its own.
 * Requests between instances (maps) and other instances' broadcasts are decoded in full.
 */
export class OwnBroadcastParser {
  private readonly own: Array<{ uid: string; prefix: Buffer }> = [];

  /** An adapter of this instance (one per namespace) and its uid. */
  addOwnUid(uid: string): void {
    const bytes = Buffer.from(uid);
    // A uid of 32 bytes or more would not be a one-byte-header string: it is then simply decoded in full.
    if (bytes.length < 32) this.own.push({ uid, prefix: Buffer.concat([Buffer.from([0x93, 0xa0 | bytes.length]), bytes]) });
  }

  encode(message: unknown): Buffer {
    return msgpack.encode(message);
  }

  decode(message: Buffer): unknown {
    if (Buffer.isBuffer(message))
      for (const { uid, prefix } of this.own)
        if (message.length > prefix.length && message.compare(prefix, 0, prefix.length, 0, prefix.length) === 0) return [uid];
    return msgpack.decode(message);
  }
}
