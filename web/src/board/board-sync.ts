import type { PresenceDelta, PresenceSnapshot, RosterChange, WsError } from '../../../src/presence/presence.events';
import type { BoardStore } from './store';

/** What `board:join` answers: the snapshot, or a refusal. */
export type JoinReply = { ok: true; snapshot: PresenceSnapshot } | { ok: false; error: WsError };

export interface BoardSyncHooks {
  /** A snapshot (and the deltas buffered while it was on its way) is in the store. `rejoin` after a gap or a reconnect. */
  joined(rejoin: boolean): void;
  /** `board:join` was refused (or timed out). */
  refused(error: WsError): void;
}

/**
 * The board's join / buffer / re-join protocol (README, "Presence: what a client must do"), apart from the page:
 * on every `connect` it sends `board:join` and replaces the store with the snapshot of the ack; deltas that arrive
 * while the join is on its way are buffered and applied afterwards only if newer than the snapshot; a delta whose
 * `seq` is not `last + 1` means one was missed, and the board joins again. One join at a time: a reconnect while a
 * join is on its way is remembered, and once that join answers its result is dropped and the board joins again on
 * the new connection (the server put only the old one in the board's room, so no delta would ever arrive).
 */
export class BoardSync {
  private joining = false;
  /** The socket (re)connected while a join was on its way: that join was sent on the connection before. */
  private reconnected = false;
  private buffered: PresenceDelta[] = [];
  private everJoined = false;
  private disposed = false;

  constructor(
    private readonly conferenceId: string,
    private readonly store: Pick<BoardStore, 'load' | 'apply'>,
    private readonly sendJoin: (conferenceId: string) => Promise<JoinReply>,
    private readonly hooks: BoardSyncHooks,
  ) {}

  /** True once a snapshot has been loaded at least once. */
  get hasJoined(): boolean {
    return this.everJoined;
  }

  /** The socket (re)connected: join again, the server keeps nothing across a reconnect. */
  connected(): Promise<void> {
    if (this.joining && !this.disposed) this.reconnected = true;
    return this.join();
  }

  /** A `presence` event from the socket. */
  delta(d: PresenceDelta): void {
    if (this.disposed || d.conferenceId !== this.conferenceId) return;
    if (this.joining) this.buffered.push(d);
    else if (this.store.apply(d) === 'gap') void this.join();
  }

  /**
   * A `roster` event: points were invited or removed, so the snapshot lists other points now; join again (a join on
   * its way may have been answered before the change, so its answer is dropped and the join sent again).
   */
  roster(r: RosterChange): Promise<void> {
    if (this.disposed || r.conferenceId !== this.conferenceId) return Promise.resolve();
    return this.connected();
  }

  dispose(): void {
    this.disposed = true;
    this.buffered = [];
  }

  private async join(): Promise<void> {
    if (this.joining || this.disposed) return;
    this.joining = true;
    let reply: JoinReply | undefined;
    try {
      do {
        this.reconnected = false;
        this.buffered = [];
        try {
          reply = await this.sendJoin(this.conferenceId);
        } catch (e) {
          if (!this.reconnected || this.disposed) throw e;
        }
      } while (this.reconnected && !this.disposed);
    } finally {
      this.joining = false;
    }
    if (this.disposed || !reply) return;
    if (!reply.ok) {
      this.buffered = [];
      this.hooks.refused(reply.error);
      return;
    }
    this.store.load(reply.snapshot);
    const pending = this.buffered;
    this.buffered = [];
    // `apply` skips deltas not newer than the snapshot ('old'); a hole after it means joining again.
    for (const d of pending) if (this.store.apply(d) === 'gap') return this.join();
    const rejoin = this.everJoined;
    this.everJoined = true;
    this.hooks.joined(rejoin);
  }
}
