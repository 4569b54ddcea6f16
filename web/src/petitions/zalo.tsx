import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { errorText } from '../i18n';
import type { components } from '../api/schema';
import { Notice } from '../components/ui';
import { getSession } from '../session';
import { ZONE } from './calendar';
import { usePT } from './i18n';
import type { Petition, ThreadMessage } from './types';

/** `GET /api/petitions/:id/zalo-window`: Zalo's free-reply window (48 hours, 8 replies since the worker's last message). */
export type ZaloWindow = components['schemas']['ZaloReplyWindowResponse'];
type Attachment = ThreadMessage['attachments'][number];
/** A send's outcome; a refusal is kept as the error itself and worded when shown (in the page's language then). */
type Outcome = { kind: 'success' } | { kind: 'error'; error: unknown } | null;

/** The reply window as the thread's Zalo parts share it: undefined while read, null when it could not be read. */
export interface ZaloWindowState {
  w: ZaloWindow | null | undefined;
  reload: () => Promise<void>;
  /**
   * The last refused retry of each failed reply, by message id. Kept with the page, not in the button: while a retry
   * runs the message turns `sending` (its button goes away) and back to `failed`, and the reason must still show.
   */
  retryErrors: Readonly<Record<string, unknown>>;
  setRetryError: (messageId: string, error: unknown) => void;
}

/** "HH:mm dd/MM" in the office's timezone (the API's times carry their offset). */
export const zaloTime = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat('HH:mm dd/MM');

/** The "Zalo" mark of a feedback that came over Zalo (inbox rows, the petition's header). */
export function ZaloBadge() {
  const P = usePT();
  return (
    <span class="chip zalo" data-zalo-badge title={P.zalo.badgeTitle}>
      {P.zalo.badge}
    </span>
  );
}

/** Zalo's delivery state of an outbound message: sending ⋯ (its place among the free replies reserved), sent ✓, delivered ✓✓, seen ✓✓ (coloured), failed ✕. */
export function DeliveryTicks({ status }: { status: ThreadMessage['status'] }) {
  const P = usePT();
  if (status === 'received') return null;
  const mark = status === 'sending' ? '⋯' : status === 'sent' ? '✓' : status === 'failed' ? '✕' : '✓✓';
  return (
    <span class={`pt-tick tick-${status}`} data-tick={status} title={P.zalo.ticks[status]}>
      {mark} {P.zalo.ticks[status]}
    </span>
  );
}

/**
 * The server's copy of a Zalo photo or file needs the bearer header, so it is fetched, not linked. Until the server
 * has downloaded it the route redirects to Zalo's url: then the original url is used.
 */
async function fetchAttachment(a: Attachment): Promise<{ blobUrl: string } | { original: string }> {
  if (!a.downloadUrl) return { original: a.url };
  const token = getSession()?.token;
  const res = await fetch(a.downloadUrl, { headers: token ? { Authorization: `Bearer ${token}` } : {}, redirect: 'manual', cache: 'no-store' });
  if (res.type === 'opaqueredirect' || !res.ok) return { original: a.url };
  return { blobUrl: URL.createObjectURL(await res.blob()) };
}

function AttachmentLink({ a }: { a: Attachment }) {
  const P = usePT();
  const [thumb, setThumb] = useState<string | null>(null);
  const isImage = a.type === 'image' || /^image\//.test(a.type);
  useEffect(() => {
    if (!isImage || !a.downloadUrl) return;
    let url: string | null = null;
    void fetchAttachment(a)
      .then((r) => {
        if ('blobUrl' in r) setThumb((url = r.blobUrl));
      })
      .catch(() => undefined);
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [a.downloadUrl]);
  // Zalo names files, not photos: the server then keeps the kind as the name
  const name = a.name && a.name !== a.type ? a.name : isImage ? P.zalo.photo : P.zalo.attachment;
  async function open(e: MouseEvent) {
    if (!a.downloadUrl) return; // a plain link to Zalo's url
    e.preventDefault();
    const r = await fetchAttachment(a).catch(() => ({ original: a.url }));
    window.open('blobUrl' in r ? r.blobUrl : r.original, '_blank', 'noopener');
  }
  return (
    <div class="small pt-attachment" data-attachment={a.type} data-stored={thumb ? 'true' : undefined}>
      {thumb && <img src={thumb} alt={name} class="pt-thumb" />}
      <span aria-hidden="true">📎 </span>
      <a href={a.downloadUrl ?? a.url} target="_blank" rel="noreferrer" onClick={open}>
        {name}
      </a>
      {a.downloadUrl && a.url && (
        <>
          {' · '}
          <a href={a.url} target="_blank" rel="noreferrer" class="muted" data-original>
            {P.zalo.original}
          </a>
        </>
      )}
    </div>
  );
}

export function Attachments({ list }: { list: Attachment[] | undefined }) {
  return (
    <>
      {list?.map((a, i) => (
        <AttachmentLink key={`${a.url}-${i}`} a={a} />
      ))}
    </>
  );
}

/** The sentence that explains why Zalo does not take a free reply now (from the window or the 409's params). */
function closedText(P: ReturnType<typeof usePT>, w: Pick<ZaloWindow, 'lastInboundAt' | 'repliesUsed' | 'until'>, reason?: unknown): string {
  if (!w.lastInboundAt) return P.zalo.noInbound;
  const used = reason ? reason === 'replies_used' : w.repliesUsed >= 8 && !!w.until && DateTime.fromISO(w.until) > DateTime.now();
  return used ? P.zalo.repliesUsed(w.until ? zaloTime(w.until) : '—') : P.zalo.windowClosed(zaloTime(w.lastInboundAt));
}

/** The 409 `outside_reply_window` in the page's words, or null for any other error. */
function windowRefusal(P: ReturnType<typeof usePT>, e: unknown, w: ZaloWindow | null): string | null {
  if (!(e instanceof ApiError) || e.code !== 'outside_reply_window') return null;
  const p = e.params ?? {};
  const last = typeof p.lastInboundAt === 'string' ? p.lastInboundAt : (w?.lastInboundAt ?? null);
  const used = typeof p.repliesUsed === 'number' ? p.repliesUsed : (w?.repliesUsed ?? 0);
  return closedText(P, { lastInboundAt: last, repliesUsed: used, until: w?.until ?? null }, p.reason);
}

/** A refused send in the page's current words: Zalo's window explained (a warning), any other error as an error. */
function SendError({ error, w }: { error: unknown; w: ZaloWindow | null | undefined }) {
  const P = usePT();
  const refusal = windowRefusal(P, error, w ?? null);
  return <Notice kind={refusal ? 'warning' : 'error'}>{refusal ?? errorText(error)}</Notice>;
}

/**
 * `GET /api/petitions/:id/zalo-window`, read again whenever a thread message comes or changes status (`enabled`
 * false: never read, for a user who may not reply).
 */
export function useZaloWindow(p: Petition, enabled: boolean): ZaloWindowState {
  const [w, setW] = useState<ZaloWindow | null | undefined>(undefined);
  const threadKey = (p.thread ?? []).map((m) => `${m.id}:${m.status}`).join(',');
  async function reload(): Promise<void> {
    if (!enabled) return;
    try {
      setW(await get<ZaloWindow>(`/api/petitions/${p.id}/zalo-window`));
    } catch {
      setW(null);
    }
  }
  useEffect(() => {
    void reload();
  }, [p.id, threadKey, enabled]);
  const [retryErrors, setRetryErrors] = useState<Record<string, unknown>>({});
  const setRetryError = (messageId: string, error: unknown) =>
    setRetryErrors((prev) => {
      const next = { ...prev };
      if (error === null) delete next[messageId];
      else next[messageId] = error;
      return next;
    });
  return { w, reload, retryErrors, setRetryError };
}

/**
 * The reply box of a Zalo feedback (organizers): the free replies left and until when, the box locked when Zalo's
 * window is closed, a refusal (409) or Zalo's error (502, the message kept as failed) explained; `changed` reloads
 * the petition so the thread shows the new message and its tick.
 */
export function ZaloReplyBox({ p, changed, win }: { p: Petition; changed: () => Promise<unknown>; win: ZaloWindowState }) {
  const P = usePT();
  const { w } = win;
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  async function send(e: Event) {
    e.preventDefault();
    const t = text.trim();
    if (!t || !confirm(P.zalo.confirmReply)) return;
    setBusy(true);
    setMsg(null);
    try {
      await post(`/api/petitions/${p.id}/replies`, { text: t });
      setText('');
      setMsg({ kind: 'success' });
    } catch (x) {
      setMsg({ kind: 'error', error: x });
    } finally {
      setBusy(false);
      await changed();
      await win.reload();
    }
  }

  const open = !!w?.open;
  return (
    <form
      class="form pt-action"
      onSubmit={send}
      data-form="zalo-reply"
      data-window={w === undefined ? 'loading' : w === null ? 'unknown' : open ? 'open' : 'closed'}
    >
      <label>
        <span>{P.zalo.replyTitle}</span>
        <textarea
          name="reply"
          rows={2}
          maxLength={2000}
          placeholder={P.zalo.replyPlaceholder}
          value={text}
          disabled={!open || busy}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <p class="small" data-zalo-counter aria-live="polite">
        {w === null && <span class="muted">{P.zalo.windowUnknown}</span>}
        {w && open && w.until && <span class="ok-text">{P.zalo.counter(w.repliesLeft, zaloTime(w.until))}</span>}
        {w && !open && !msg && <span class="warn-text">{closedText(P, w)}</span>}
      </p>
      {msg?.kind === 'success' && <Notice kind="success">{P.zalo.sent}</Notice>}
      {msg?.kind === 'error' && <SendError error={msg.error} w={w} />}
      <div>
        <button type="submit" class="btn primary" disabled={!open || busy || !text.trim()} data-action="zalo-reply">
          {P.sendReply}
        </button>
      </div>
    </form>
  );
}

/**
 * "Gửi lại / Retry" on a failed Zalo reply: `POST …/replies/:messageId/retry`. A retry takes a free reply like a new
 * one, so the button is locked, with the reason, while the window is closed or its free replies are used (as the
 * reply box is); a refusal or Zalo's error is explained.
 */
export function RetryButton({ p, m, changed, win }: { p: Petition; m: ThreadMessage; changed: () => Promise<unknown>; win: ZaloWindowState }) {
  const P = usePT();
  const { w } = win;
  const [busy, setBusy] = useState(false);
  const err = m.id in win.retryErrors ? win.retryErrors[m.id] : null;
  const locked = w ? (w.open ? null : closedText(P, w)) : null;
  return (
    <span class="pt-retry">
      <button
        type="button"
        class="btn small"
        data-action="retry"
        disabled={busy || w === undefined || !!locked}
        onClick={async () => {
          setBusy(true);
          win.setRetryError(m.id, null);
          try {
            await post(`/api/petitions/${p.id}/replies/${m.id}/retry`, {});
          } catch (x) {
            win.setRetryError(m.id, x);
          } finally {
            setBusy(false);
            await changed();
            await win.reload();
          }
        }}
      >
        ↻ {P.zalo.retry}
      </button>
      {locked ? (
        <span class="small warn-text" data-retry-locked>
          {' '}
          {locked}
        </span>
      ) : (
        err !== null && <SendError error={err} w={w} />
      )}
    </span>
  );
}
