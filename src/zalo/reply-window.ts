/** Zalo answers free replies only within 48 hours of the worker's last message… */
export const REPLY_WINDOW_MS = 48 * 3600_000;
/** …and at most this many of them. */
export const FREE_REPLIES = 8;

export interface ThreadItem {
  at: Date;
  direction: 'in' | 'out' | 'note';
  status: string;
}

export interface ReplyWindow {
  lastInboundAt: Date | null;
  /** Replies sent since the worker's last message (failed ones do not count; extension notices do). */
  repliesUsed: number;
  repliesLeft: number;
  /** Until when a free reply may be sent (null without a message from the worker). */
  until: Date | null;
  open: boolean;
}

/** The free-reply window of a thread at `now` (pure). */
export function replyWindow(thread: readonly ThreadItem[], now: Date, exclude?: (t: ThreadItem) => boolean): ReplyWindow {
  let last: Date | null = null;
  for (const t of thread) if (t.direction === 'in' && (!last || t.at > last)) last = t.at;
  if (!last) return { lastInboundAt: null, repliesUsed: 0, repliesLeft: 0, until: null, open: false };
  const used = thread.filter((t) => t.direction === 'out' && t.status !== 'failed' && t.at >= last && !exclude?.(t)).length;
  const until = new Date(last.getTime() + REPLY_WINDOW_MS);
  const left = Math.max(0, FREE_REPLIES - used);
  return { lastInboundAt: last, repliesUsed: used, repliesLeft: left, until, open: now < until && left > 0 };
}
