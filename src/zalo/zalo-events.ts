import { createHash } from 'node:crypto';

/** An attachment as Zalo describes it (`message.attachments[].type` and `.payload.{url, name, size, type}`). */
export interface ZaloAttachment {
  kind: string;
  url: string;
  name: string;
  size: number;
  type: string;
}

/** What a stored event asks of us. */
export type ZaloAction =
  | {
      kind: 'message';
      senderId: string;
      displayName: string | null;
      groupId: string | null;
      msgId: string;
      at: Date;
      text: string;
      attachments: ZaloAttachment[];
    }
  | { kind: 'follow'; userId: string; following: boolean; at: Date }
  | { kind: 'receipt'; status: 'delivered' | 'seen'; msgIds: string[]; at: Date }
  | { kind: 'ignored'; eventName: string };

/** The webhook body's fields the server reads (ids are large numbers written as strings: kept strings). */
export interface ZaloEventBody {
  app_id?: unknown;
  event_name?: unknown;
  timestamp?: unknown;
  sender?: { id?: unknown; display_name?: unknown } | null;
  recipient?: { id?: unknown } | null;
  follower?: { id?: unknown } | null;
  message?: { msg_id?: unknown; text?: unknown; msg_ids?: unknown; attachments?: unknown } | null;
}

const MESSAGE_KINDS = ['text', 'image', 'file', 'link', 'location', 'audio', 'video', 'sticker', 'gif'];

const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : null);

/** The event's time: Zalo's `timestamp` (epoch ms, as a string) when sensible, else `fallback`. */
export function eventTime(body: ZaloEventBody, fallback: Date): Date {
  const n = Number(body.timestamp);
  return Number.isFinite(n) && n > 1_000_000_000_000 && n < 10_000_000_000_000 ? new Date(n) : fallback;
}

/**
 * The key the inbox is unique on: `message.msg_id` when the event has one, otherwise a hash of what identifies it
 * (event, sender, recipient, follower, receipts' ids, timestamp), so a retried delivery is stored once.
 */
export function eventKey(body: ZaloEventBody): string {
  const msgId = str(body.message?.msg_id);
  if (msgId) return `msg:${msgId}`.slice(0, 128);
  const parts = [
    str(body.event_name),
    str(body.sender?.id),
    str(body.recipient?.id),
    str(body.follower?.id),
    Array.isArray(body.message?.msg_ids) ? (body.message!.msg_ids as unknown[]).map(str).join(',') : '',
    str(body.timestamp),
  ];
  return `h:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

function attachmentsOf(body: ZaloEventBody): { attachments: ZaloAttachment[]; lines: string[] } {
  const raw = Array.isArray(body.message?.attachments) ? (body.message!.attachments as unknown[]) : [];
  const attachments: ZaloAttachment[] = [];
  const lines: string[] = [];
  for (const a of raw) {
    if (!a || typeof a !== 'object') continue;
    const kind = str((a as { type?: unknown }).type) ?? 'file';
    const p = ((a as { payload?: unknown }).payload ?? {}) as Record<string, unknown>;
    if (kind === 'location') {
      const c = (p.coordinates ?? {}) as Record<string, unknown>;
      const lat = str(c.latitude);
      const lon = str(c.longitude);
      if (lat && lon) lines.push(`Vị trí / location: ${lat}, ${lon}`);
      continue;
    }
    const url = str(p.url) ?? str(p.thumbnail);
    if (!url) continue;
    const name = str(p.name) ?? (kind === 'link' ? (str(p.description) ?? url) : `${kind}`);
    attachments.push({ kind, url, name: name.slice(0, 255), size: Number(p.size) > 0 ? Math.floor(Number(p.size)) : 0, type: str(p.type) ?? kind });
  }
  return { attachments, lines };
}

/** Reads a stored event (pure): which thread it goes to and what it says. */
export function parseEvent(body: ZaloEventBody, receivedAt: Date): ZaloAction {
  const eventName = str(body.event_name) ?? '';
  const at = eventTime(body, receivedAt);
  if (eventName === 'follow' || eventName === 'unfollow') {
    const userId = str(body.follower?.id) ?? str(body.sender?.id);
    return userId ? { kind: 'follow', userId, following: eventName === 'follow', at } : { kind: 'ignored', eventName };
  }
  if (eventName === 'user_received_message' || eventName === 'user_seen_message') {
    const ids = Array.isArray(body.message?.msg_ids) ? (body.message!.msg_ids as unknown[]).map(str).filter((x): x is string => !!x) : [];
    const one = str(body.message?.msg_id);
    if (one) ids.push(one);
    return ids.length
      ? { kind: 'receipt', status: eventName === 'user_received_message' ? 'delivered' : 'seen', msgIds: ids, at }
      : { kind: 'ignored', eventName };
  }
  const m = /^(user_send|anonymous_send|user_send_group)_([a-z]+)$/.exec(eventName);
  if (m && MESSAGE_KINDS.includes(m[2])) {
    const senderId = str(body.sender?.id);
    const msgId = str(body.message?.msg_id);
    if (!senderId || !msgId) return { kind: 'ignored', eventName };
    const { attachments, lines } = attachmentsOf(body);
    const text = [str(body.message?.text) ?? '', ...lines].filter((x) => x !== '').join('\n');
    const groupId = m[1] === 'user_send_group' ? str(body.recipient?.id) : null;
    const displayName = str(body.sender?.display_name);
    return { kind: 'message', senderId, displayName, groupId, msgId, at, text: text.slice(0, 10_000), attachments };
  }
  return { kind: 'ignored', eventName };
}
