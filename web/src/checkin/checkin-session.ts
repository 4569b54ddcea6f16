import type {
  AgendaPush,
  AgendaStateReply,
  ClientToServerEvents,
  ConferencePush,
  NoticeMessage,
  RevokedNotice,
  PresenceState,
  RollcallPrompt,
  RosterChange,
  SignalQuality,
} from '../../../src/presence/presence.events';
import type { ErrorInfo } from '../i18n';
import { epoch } from '../time';
import { isClosed, type Agenda, type AgendaItem, type Conference, type Me } from '../types';

export type Phase = 'idle' | 'checking' | 'in' | 'left';
export type Conn = 'connecting' | 'online' | 'lost';

/** How often a refused automatic re-check-in (conference full) is tried again before the page leaves it to the button. */
export const CAPACITY_RETRIES = 6;

/**
 * After an automatic re-check-in (a reconnection: after a server restart, every phone of a national broadcast at once)
 * the page reads what changed while it was away (the agenda, the releases: ~3 ms of the server's CPU per phone) at a
 * random moment within this window, not in the same second as 10,000 check-ins. A check-in by the button reads at once.
 */
export const CATCH_UP_SPREAD_MS = 20_000;

/** ±25 %: phones refused together do not ask again together. */
const jitter = (ms: number) => ms * (0.75 + Math.random() * 0.5);

/** A failed read tried again after 2 s, doubling up to 30 s (with jitter), one pending try at a time. */
export class Backoff {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private tries = 0;
  constructor(
    private readonly firstMs = 2_000,
    private readonly maxMs = 30_000,
  ) {}
  /** Tries scheduled since the last success. */
  get tried(): number {
    return this.tries;
  }
  later(fn: () => void): void {
    this.cancel();
    const delay = Math.min(this.firstMs * 2 ** this.tries, this.maxMs);
    this.tries += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      fn();
    }, jitter(delay));
  }
  /** A success: the next failure waits the first delay again. */
  reset(): void {
    this.cancel();
    this.tries = 0;
  }
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Everything the check-in page shows; words are chosen by the page (`fatal`/`info` are keys, errors carry codes). */
export interface CheckinView {
  me: Me | null;
  conf: Conference | null;
  agenda: Agenda | null;
  phase: Phase;
  state: PresenceState | null;
  conn: Conn;
  notices: NoticeMessage[];
  rollcall: { prompt: RollcallPrompt; answered: boolean } | null;
  signal: { audio: SignalQuality | null; video: SignalQuality | null };
  /** The page cannot work: the link is not (or no longer) valid, was revoked just now, or the conference could not be read. */
  fatal: { kind: 'badToken' } | { kind: 'revoked' } | { kind: 'signedOut' } | { kind: 'error'; error: unknown; retrying: boolean } | null;
  error: ErrorInfo | null;
  info: 'reconnected' | 'signalSent' | 'autoReconfirmed' | null;
  /**
   * The check-in of a reconnection (or of a reopened page) was refused: the point is not checked in any more and
   * `error` says why; `retrying` when the page tries again by itself (the conference was full).
   */
  refusedAgain: { retrying: boolean } | null;
  /** Successful check-ins so far (the first and every reconnection's): the broadcast panel reads its release list again after each. */
  checkins: number;
  /** Catch-up reads after check-ins so far (the agenda here; the page reads the releases on each). */
  catchUps: number;
  /**
   * The latest release number as the server stated it at the last catch-up (`agenda:state`, after an automatic
   * re-check-in); null when not asked (the page then reads the release list).
   */
  latestRelease: number | null;
  /** Which signal reports the server acknowledged (shown beside their buttons). */
  sent: { audio: boolean; video: boolean };
}

type Reply<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

/** The few things of a socket.io client the session uses (a fake in the specs). */
export interface CheckinSocket {
  readonly connected: boolean;
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'disconnect', fn: (reason: string) => void): unknown;
  on(event: 'connect_error', fn: (err: Error) => void): unknown;
  on(event: 'notice', fn: (n: NoticeMessage) => void): unknown;
  on(event: 'rollcall', fn: (p: RollcallPrompt) => void): unknown;
  on(event: 'agenda', fn: (a: AgendaPush) => void): unknown;
  on(event: 'revoked', fn: (r: RevokedNotice) => void): unknown;
  on(event: 'conference', fn: (c: ConferencePush) => void): unknown;
  on(event: 'roster', fn: (r: RosterChange) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
  removeAllListeners(): unknown;
}

export interface CheckinDeps<S extends CheckinSocket = CheckinSocket> {
  /** A link token, or a point account's own token. */
  token: string;
  /** For a point account: the conference named in the address (a link token carries its own). */
  conferenceId?: string;
  get<T>(path: string, token: string): Promise<T>;
  connect(token: string): S;
  request<E extends keyof ClientToServerEvents>(socket: S, event: E, payload: Payload<E>): Promise<Reply<E>>;
  /** An HTTP status of a failed `get` (401/403 mean the link is not valid). */
  statusOf(error: unknown): number | undefined;
  /** Called when a notice arrives (the page vibrates the phone). */
  alert?(): void;
  /** Delay before reconnecting after the server closed the socket. */
  reconnectDelayMs?: number;
  /**
   * First delay before an automatic re-check-in refused because the conference was full (`capacity`) is tried
   * again (default 30 s, then doubled up to 2 min, CAPACITY_RETRIES times in all, with ±25 % jitter).
   */
  capacityRetryMs?: number;
  /** First delay before a failed read (who the token is, the agenda) is tried again (default 2 s, doubling up to 30 s). */
  retryMs?: number;
  /** The window an automatic re-check-in's catch-up read is spread over (default CATCH_UP_SPREAD_MS). */
  catchUpSpreadMs?: number;
  /**
   * Where this browser remembers that it checked in at a conference (localStorage on the page): a page reopened
   * after the phone discarded it checks in again by itself, until the point checks out.
   */
  memory?: { has(conferenceId: string, pointId: string): boolean; set(conferenceId: string, pointId: string, on: boolean): void };
  /**
   * Where this browser keeps the notices a point received (localStorage on the page): a reloaded or discarded page
   * shows them again, newest first (at most MAX_NOTICES).
   */
  noticeBook?: { load(conferenceId: string, pointId: string): NoticeMessage[]; save(conferenceId: string, pointId: string, notices: NoticeMessage[]): void };
}

/** Notices a page keeps (and shows): an operator's notices to one site are a handful per conference. */
export const MAX_NOTICES = 50;

/** Both lists as one, each notice once, newest first, at most MAX_NOTICES. */
export function mergeNotices(a: NoticeMessage[], b: NoticeMessage[]): NoticeMessage[] {
  const byId = new Map<string, NoticeMessage>();
  for (const n of [...a, ...b]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((x, y) => Date.parse(y.at) - Date.parse(x.at)).slice(0, MAX_NOTICES);
}

/**
 * The check-in page's session, apart from the page: who the token is (`GET /api/auth/me`), the conference and its
 * agenda, the socket and the README's rules for a point — the first check-in waits for the button, every
 * reconnection checks in again by itself and re-sends the last `status` and `agenda:ack`; notices, roll calls and
 * agenda pushes arrive on the socket. The page renders `view` and re-renders on `subscribe`.
 */
export class CheckinSession<S extends CheckinSocket = CheckinSocket> {
  view: CheckinView = {
    me: null,
    conf: null,
    agenda: null,
    phase: 'idle',
    state: null,
    conn: 'connecting',
    notices: [],
    rollcall: null,
    signal: { audio: null, video: null },
    fatal: null,
    error: null,
    info: null,
    refusedAgain: null,
    checkins: 0,
    catchUps: 0,
    latestRelease: null,
    sent: { audio: false, video: false },
  };
  /** The next successful check-in was started by the memory of an earlier one (the page says so). */
  private autoFromMemory = false;
  private revoked = false;
  private socket: S | null = null;
  /** The point asked to be checked in (the button), and has not checked out since. */
  private wantIn = false;
  private stopped = false;
  /** Automatic re-check-ins tried again after a `capacity` refusal (30 s doubling up to 2 min, with jitter). */
  private readonly capacityRetry: Backoff;
  private listeners = new Set<() => void>();
  private readonly agendaRetry: Backoff;
  /** The pending catch-up read of an automatic re-check-in (see CATCH_UP_SPREAD_MS). */
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;
  /** The spread re-read of an edited conference (see `conferenceChanged`). */
  private confTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly identityRetry: Backoff;
  /** Agenda pushes received so far (a read answered after a push of the same version is older than it). */
  private pushes = 0;
  /** `connect` events so far (a checkout whose answer was lost learns whether the socket reconnected meanwhile). */
  private connects = 0;
  /** The agenda version this socket's check-in last acknowledged (null: none since the check-in). */
  private ackedVersion: number | null = null;

  constructor(private readonly deps: CheckinDeps<S>) {
    const capacityMs = deps.capacityRetryMs ?? 30_000;
    this.capacityRetry = new Backoff(capacityMs, 4 * capacityMs);
    this.agendaRetry = new Backoff(deps.retryMs ?? 2_000);
    this.identityRetry = new Backoff(deps.retryMs ?? 2_000);
  }

  /** The live socket (v2: the broadcast panel listens for `agenda:release` and sends `readiness` on it). */
  get liveSocket(): S | null {
    return this.socket;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private set(patch: Partial<CheckinView>): void {
    if (this.stopped) return;
    this.view = { ...this.view, ...patch };
    this.listeners.forEach((l) => l());
  }

  /** Opens the socket at once (so the button answers quickly) and learns the point and conference from the token. */
  start(): Promise<void> {
    this.openSocket();
    return this.loadIdentity();
  }

  dispose(): void {
    this.stopped = true;
    this.capacityRetry.cancel();
    this.cancelCatchUp();
    if (this.confTimer) clearTimeout(this.confTimer);
    this.agendaRetry.cancel();
    this.identityRetry.cancel();
    this.listeners.clear();
    const s = this.socket;
    this.socket = null;
    s?.removeAllListeners();
    s?.disconnect();
  }

  /** The big button. */
  checkIn(): Promise<void> {
    this.wantIn = true;
    this.capacityRetry.cancel();
    this.set({ info: null, refusedAgain: null });
    return this.sendCheckin(false);
  }

  async checkOut(): Promise<void> {
    const s = this.socket;
    const conferenceId = this.view.me?.conferenceId;
    if (!s || !conferenceId) return;
    this.wantIn = false;
    const connects = this.connects;
    const r = await this.deps.request(s, 'checkout', { conferenceId });
    if (r.ok && this.view.me?.pointId) this.deps.memory?.set(conferenceId, this.view.me.pointId, false);
    // the last check-in's note ("checked in again automatically") no longer holds
    if (r.ok) return this.set({ phase: 'left', state: 'left', info: null });
    // Not checked out (refused, or the answer was lost with the connection): the page still says checked in, so it
    // keeps checking in again after a drop; a reconnection that happened while the checkout waited is caught up.
    this.wantIn = true;
    this.set({ error: r.error });
    if (this.connects !== connects && s.connected && this.socket === s) void this.sendCheckin(true);
  }

  /** "Thử lại" while the point or conference could not be read: now, without waiting for the next automatic try. */
  retryNow(): Promise<void> {
    if (this.view.fatal?.kind !== 'error' || !this.view.fatal.retrying) return Promise.resolve();
    this.identityRetry.cancel();
    return this.loadIdentity();
  }

  async sendSignal(kind: 'audio' | 'video', value: SignalQuality): Promise<void> {
    const signal = { ...this.view.signal, [kind]: value };
    this.set({ signal });
    const s = this.socket;
    const conferenceId = this.view.me?.conferenceId;
    // A report names both signals: one not answered yet is not reported as good (the page asks for it first).
    if (!s || !conferenceId || this.view.phase !== 'in' || !signal.audio || !signal.video) return;
    const r = await this.deps.request(s, 'status', { conferenceId, audio: signal.audio, video: signal.video });
    if (r.ok) this.set({ info: 'signalSent', sent: { audio: true, video: true } });
    else this.set({ error: r.error });
  }

  async answerRollcall(): Promise<void> {
    const s = this.socket;
    const rollcall = this.view.rollcall;
    if (!s || !rollcall) return;
    const r = await this.deps.request(s, 'rollcall:answer', { rollcallId: rollcall.prompt.rollcallId });
    if (r.ok) this.set({ rollcall: { ...rollcall, answered: true } });
    else this.set({ error: r.error });
  }

  private async loadIdentity(): Promise<void> {
    const { token } = this.deps;
    try {
      const me = { ...(await this.deps.get<Me>('/api/auth/me', token)) };
      if (this.stopped) return;
      if (!me.conferenceId && this.deps.conferenceId) me.conferenceId = this.deps.conferenceId;
      if (!me.conferenceId || !me.pointId) {
        this.set({ fatal: { kind: 'badToken' } });
        return;
      }
      const kept = this.deps.noticeBook?.load(me.conferenceId, me.pointId) ?? [];
      this.set({ me, notices: kept.length ? mergeNotices(this.view.notices, kept) : this.view.notices });
      if (this.wantIn && this.view.phase !== 'in') void this.sendCheckin(false);
      const [conf] = await Promise.all([
        // Without the invited points: every point opens its page at the start of a broadcast (README, stop 28).
        this.deps.get<Conference>(`/api/conferences/${me.conferenceId}?points=none`, token),
        this.readAgenda(),
      ]);
      if (this.stopped) return;
      this.identityRetry.reset();
      this.set({ conf, fatal: null });
      // Phones discard background tabs: a browser that already checked in here checks in again by itself.
      if (!this.wantIn && (conf.status === 'live' || conf.status === 'scheduled') && this.deps.memory?.has(me.conferenceId, me.pointId)) {
        this.wantIn = true;
        this.autoFromMemory = true;
        void this.sendCheckin(true);
      }
    } catch (e) {
      if (this.stopped || (this.view.fatal && this.view.fatal.kind !== 'error')) return;
      const status = this.deps.statusOf(e);
      if (status === 401 || status === 403) return this.set({ fatal: { kind: 'badToken' } });
      // The network or a restarting server (weak 3G, a deploy): tried again with a growing delay; a link or
      // conference that does not exist (404) or a refused request stays an error.
      const retrying = status === undefined || status === 0 || status === 408 || status === 429 || status >= 500;
      this.set({ fatal: { kind: 'error', error: e, retrying } });
      if (retrying) this.identityRetry.later(() => void this.loadIdentity());
    }
  }

  private openSocket(): void {
    const s = this.deps.connect(this.deps.token);
    this.socket = s;
    s.on('connect', () => {
      this.connects += 1;
      this.set({ conn: 'online' });
      if (this.wantIn) void this.sendCheckin(this.view.phase === 'in' || this.autoFromMemory);
    });
    s.on('disconnect', (reason) => {
      this.set({ conn: 'lost' });
      if (reason === 'io server disconnect' && !this.revoked) setTimeout(() => this.socket === s && s.connect(), this.deps.reconnectDelayMs ?? 1000);
    });
    // The organizers reissued this point's link, or the point's account signed out (everywhere): the server closes
    // the socket; never reconnect with this token.
    s.on('revoked', (r) => {
      this.revoked = true;
      this.wantIn = false;
      this.set({ fatal: { kind: r?.reason === 'signed_out' ? 'signedOut' : 'revoked' } });
    });
    s.on('connect_error', (err) => {
      if (err.message === 'unauthorized' && !this.view.fatal) this.set({ fatal: { kind: 'badToken' } });
      this.set({ conn: 'lost' });
    });
    s.on('notice', (n) => {
      if (this.view.notices.some((x) => x.id === n.id)) return;
      const notices = mergeNotices([n], this.view.notices);
      this.set({ notices });
      const me = this.view.me;
      if (me?.conferenceId && me.pointId) this.deps.noticeBook?.save(me.conferenceId, me.pointId, notices);
      this.deps.alert?.();
    });
    s.on('rollcall', (prompt) => this.set({ rollcall: { prompt, answered: false } }));
    s.on('conference', (c) => this.conferenceChanged(c));
    s.on('roster', (r) => this.rosterChanged(r));
    s.on('agenda', (a) => {
      const prev = this.view.agenda;
      this.set({
        agenda: { ...(prev ?? {}), conferenceId: a.conferenceId, version: a.version, items: a.items as AgendaItem[], currentItemId: a.currentItemId },
      });
      // Only a new version is acknowledged: the operator's "current item" pushes the same version to every point, and
      // the server already knows this one (acknowledged then, or at the check-in).
      this.pushes += 1;
      if (this.view.phase === 'in' && a.version !== prev?.version) this.ackAgenda();
    });
  }

  /**
   * `conference` (the organizers changed it): a new status and times show at once. An ended or cancelled conference
   * is no longer checked in to, automatically or by a reconnection: the page then shows what a reopened page would.
   * An edit (the same status: the title, the times, the hotline may have changed) is read again, at a random moment
   * within CATCH_UP_SPREAD_MS so that 10,000 phones do not ask in the same second.
   */
  private conferenceChanged(c: ConferencePush): void {
    const conf = this.view.conf;
    if (!conf || c.conferenceId !== conf.id || c.version <= conf.version) return;
    const edited = c.status === conf.status;
    const { status, startsAt, endsAt, timezone, version, updatedAt } = c;
    this.set({ conf: { ...conf, status, startsAt, endsAt, timezone, version, updatedAt } });
    if (isClosed(status)) {
      this.stopCheckingIn(c.conferenceId, this.view.me?.pointId);
      this.set({ phase: 'idle', refusedAgain: null, error: null, info: null, rollcall: null });
    }
    if (edited) {
      if (this.confTimer) clearTimeout(this.confTimer);
      this.confTimer = setTimeout(
        () => {
          this.confTimer = null;
          void this.readConference();
        },
        Math.random() * (this.deps.catchUpSpreadMs ?? CATCH_UP_SPREAD_MS),
      );
    }
  }

  /**
   * `roster` naming this point among the removed: the organizers took it off the conference's invitations. The server
   * no longer counts it; the page stops checking in (after a drop too), forgets its automatic check-in and says why.
   */
  private rosterChanged(r: RosterChange): void {
    const me = this.view.me;
    if (!me?.pointId || r.conferenceId !== me.conferenceId || !r.removed.includes(me.pointId)) return;
    this.stopCheckingIn(r.conferenceId, me.pointId);
    this.set({ phase: 'idle', state: null, refusedAgain: null, info: null, rollcall: null, error: { code: 'removed_from_conference' } });
  }

  /** No more check-ins, automatic or retried, for this conference on this phone. */
  private stopCheckingIn(conferenceId: string, pointId: string | null | undefined): void {
    this.wantIn = false;
    this.autoFromMemory = false;
    this.capacityRetry.cancel();
    this.cancelCatchUp();
    if (pointId) this.deps.memory?.set(conferenceId, pointId, false);
  }

  /** The conference again (without its points), after `agenda:state` said it changed; kept as it was if the read fails. */
  private async readConference(): Promise<void> {
    const conferenceId = this.view.me?.conferenceId;
    if (!conferenceId) return;
    try {
      const conf = await this.deps.get<Conference>(`/api/conferences/${conferenceId}?points=none`, this.deps.token);
      if (!this.stopped) this.set({ conf });
    } catch {
      /* the agenda read that follows still shows the items' new times */
    }
  }

  /**
   * Reads the agenda (at page load and after every check-in: pushes reach only checked-in sockets, so whatever
   * changed while the phone was away or before it checked in is read here). A failed read is tried again later.
   * A push newer than the read (or as new, and received while it was on its way) is kept.
   */
  private async readAgenda(): Promise<void> {
    const conferenceId = this.view.me?.conferenceId;
    if (!conferenceId) return;
    this.agendaRetry.cancel();
    const pushes = this.pushes;
    try {
      const read = await this.deps.get<Agenda>(`/api/conferences/${conferenceId}/agenda`, this.deps.token);
      if (this.stopped) return;
      this.agendaRetry.reset();
      const held = this.view.agenda;
      if (!held || read.version > held.version || (read.version === held.version && this.pushes === pushes)) this.set({ agenda: read });
    } catch {
      if (this.stopped) return;
      this.agendaRetry.later(() => void this.readAgenda().then(() => this.ackAgenda()));
    }
  }

  /** Tells the server which agenda version this page shows, once per version and check-in. */
  private ackAgenda(): void {
    const s = this.socket;
    const agenda = this.view.agenda;
    const conferenceId = this.view.me?.conferenceId;
    if (!s || !s.connected || !conferenceId || this.view.phase !== 'in' || !agenda || agenda.version === this.ackedVersion) return;
    this.ackedVersion = agenda.version;
    void this.deps.request(s, 'agenda:ack', { conferenceId, version: agenda.version });
  }

  /** `auto`: a reconnection's check-in (the page says "checked in again"), not the button's. */
  private async sendCheckin(auto: boolean): Promise<void> {
    const s = this.socket;
    const conferenceId = this.view.me?.conferenceId;
    if (!s || !conferenceId) {
      this.set({ phase: 'checking' });
      return; // done when the socket connects / the token is known
    }
    if (!s.connected) {
      if (this.view.phase !== 'in') this.set({ phase: 'checking' });
      return;
    }
    if (!auto) this.set({ phase: 'checking' });
    const r = await this.deps.request(s, 'checkin', { conferenceId });
    if (r.ok) {
      const info = this.autoFromMemory ? ('autoReconfirmed' as const) : auto ? ('reconnected' as const) : undefined;
      this.autoFromMemory = false;
      this.capacityRetry.reset();
      this.set({ error: null, refusedAgain: null, phase: 'in', state: r.state ?? 'online', checkins: this.view.checkins + 1, ...(info ? { info } : {}) });
      if (this.view.me?.pointId) this.deps.memory?.set(conferenceId, this.view.me.pointId, true);
      const { audio, video } = this.view.signal;
      if (audio && video) void this.deps.request(s, 'status', { conferenceId, audio, video });
      // What changed while the phone was away: read once, then acknowledge the version shown (the one held, if the read
      // failed). After a reconnection the server hears the version held at once, and the read comes within the spread.
      this.ackedVersion = null;
      this.cancelCatchUp();
      const spread = auto ? Math.random() * (this.deps.catchUpSpreadMs ?? CATCH_UP_SPREAD_MS) : 0;
      if (spread > 0) {
        this.ackAgenda();
        this.catchUpTimer = setTimeout(() => void this.catchUp(true), spread);
      } else await this.catchUp(auto);
    } else if (r.error.code === 'internal_error' || (r.error.code as string) === 'no_answer') {
      // A lost answer: the next connection checks in again.
      this.set({ phase: this.view.phase === 'in' ? 'in' : 'idle', error: r.error });
    } else {
      // A refusal (not invited, conference closed or full…): the point is not checked in, whatever it was before; the
      // button is back, and the automatic re-check-in stops, except that a full conference is tried again a few times.
      this.wantIn = false;
      this.autoFromMemory = false;
      const retrying = auto && (r.error as { details?: { reason?: string } }).details?.reason === 'capacity' && this.capacityRetry.tried < CAPACITY_RETRIES;
      this.set({ phase: 'idle', state: null, error: r.error, info: null, refusedAgain: auto ? { retrying } : null });
      if (retrying) this.retryCapacity();
    }
  }

  /** Tries the refused re-check-in again later (one `checkin` event per try, spread out; never while checked in). */
  private retryCapacity(): void {
    this.capacityRetry.later(() => {
      if (this.stopped || this.revoked || this.wantIn || this.view.phase !== 'idle') return;
      this.wantIn = true;
      void this.sendCheckin(true);
    });
  }

  /**
   * Reads the agenda after a check-in, acknowledges the version shown, and lets the page read the releases. After an
   * automatic re-check-in (`compare`) it first asks the server what there is (`agenda:state`: one cheap socket request,
   * answered from a read made after it): the conference is read again if it changed (moved, renamed, its status), the
   * agenda if it did or if the agenda's version or current item differ from what the page shows (a moved conference
   * moves every item's time without a new version), and the page reads the releases only if a newer one was made
   * (`latestRelease`). So 10,000 phones reconnecting after a restart read nothing more when nothing changed (README,
   * stop 31). Without an answer (an older server, a lost reply) it reads the agenda as after the button.
   */
  private async catchUp(compare = false): Promise<void> {
    this.catchUpTimer = null;
    const state = compare ? await this.agendaState() : null;
    if (this.stopped) return;
    const conf = this.view.conf;
    const moved = !!state?.conferenceUpdatedAt && !!conf?.updatedAt && epoch(state.conferenceUpdatedAt) !== epoch(conf.updatedAt);
    if (moved) await this.readConference();
    const shown = this.view.agenda;
    if (!state || moved || !shown || shown.version !== state.version || shown.currentItemId !== state.currentItemId) await this.readAgenda();
    if (this.stopped) return;
    this.ackAgenda();
    this.set({ catchUps: this.view.catchUps + 1, latestRelease: state?.release ?? null });
  }

  private async agendaState(): Promise<AgendaStateReply | null> {
    const s = this.socket;
    const conferenceId = this.view.me?.conferenceId;
    if (!s || !conferenceId) return null;
    try {
      const r = await this.deps.request(s, 'agenda:state', { conferenceId });
      if (!r.ok) return null;
      const { version, currentItemId, release, conferenceUpdatedAt } = r;
      return { version, currentItemId, release, conferenceUpdatedAt };
    } catch {
      return null;
    }
  }

  private cancelCatchUp(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
  }
}
