import type { ClientToServerEvents, NoticeMessage } from '../../../src/presence/presence.events';
import { CAPACITY_RETRIES, CheckinSession, MAX_NOTICES, type CheckinSocket } from './checkin-session';

const CONF = 'c1';
const POINT = 'p1';

/** A socket that the test connects and drops, recording what the session emits. */
class FakeSocket implements CheckinSocket {
  connected = false;
  private handlers = new Map<string, ((...args: never[]) => void)[]>();
  on(event: string, fn: (...args: never[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
  }
  up(): void {
    this.connected = true;
    this.fire('connect');
  }
  down(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }
  connect(): void {}
  disconnect(): void {
    this.connected = false;
  }
  removeAllListeners(): void {
    this.handlers.clear();
  }
}

type Sent = [keyof ClientToServerEvents, unknown];

type CheckinReply = { ok: true; state: string } | { ok: false; error: { code: string; message: string; messages: object; details?: object } };
const FULL: CheckinReply = {
  ok: false,
  error: { code: 'conflict', message: '', messages: { vi: 'Đã đủ', en: 'Full' }, details: { reason: 'capacity' } },
};

function setup(
  options: {
    refuse?: string;
    me?: object;
    status?: string;
    memory?: Set<string>;
    /** The browser's kept notices, by `conferenceId/pointId`. */
    notices?: Map<string, NoticeMessage[]>;
    checkin?: () => CheckinReply;
    capacityRetryMs?: number;
    catchUpSpreadMs?: number;
    agenda?: () => object;
    /** The reply to `agenda:state` (default `{ok: true}` without figures, as an older server's unknown-event answer would not be). */
    agendaState?: () => object;
    /** The conference as read (default: live, updated at 08:00). */
    conf?: () => object;
    fail?: (path: string) => Error | undefined;
  } = {},
) {
  const socket = new FakeSocket();
  const sent: Sent[] = [];
  const session = new CheckinSession<FakeSocket>({
    token: 'tok',
    get: async <T>(path: string): Promise<T> => {
      const failure = options.fail?.(path);
      if (failure) throw failure;
      if (path === '/api/auth/me') return (options.me ?? { role: 'point', pointId: POINT, conferenceId: CONF, point: { code: 'H-A', name: 'Huyện A' } }) as T;
      if (path === `/api/conferences/${CONF}?points=none` && options.conf) return options.conf() as T;
      if (path === `/api/conferences/${CONF}?points=none`)
        return { id: CONF, title: 'Hội nghị', timezone: 'Asia/Ho_Chi_Minh', status: options.status ?? 'live', updatedAt: '2021-07-10T08:00:00.000+07:00' } as T;
      if (path === `/api/conferences/${CONF}/agenda` && options.agenda) return options.agenda() as T;
      if (path === `/api/conferences/${CONF}/agenda`) return { conferenceId: CONF, version: 2, items: [], currentItemId: null } as T;
      throw Object.assign(new Error('404'), { status: 404 });
    },
    connect: () => socket,
    request: (async (_s: FakeSocket, event: keyof ClientToServerEvents, payload: unknown) => {
      sent.push([event, payload]);
      if (event === 'checkin' && options.checkin) return options.checkin();
      if (event === 'agenda:state' && options.agendaState) return options.agendaState();
      if (event === 'checkin' && options.refuse) return { ok: false, error: { code: options.refuse, message: '', messages: { vi: 'Từ chối', en: 'Refused' } } };
      return event === 'checkin' || event === 'checkout' ? { ok: true, state: event === 'checkin' ? 'online' : 'left' } : { ok: true };
    }) as never,
    statusOf: (e) => (e as { status?: number }).status,
    capacityRetryMs: options.capacityRetryMs ?? 60_000,
    retryMs: 5,
    catchUpSpreadMs: options.catchUpSpreadMs ?? 0,
    ...(options.memory
      ? {
          memory: {
            has: (c: string, p: string) => options.memory!.has(`${c}/${p}`),
            set: (c: string, p: string, on: boolean) => void (on ? options.memory!.add(`${c}/${p}`) : options.memory!.delete(`${c}/${p}`)),
          },
        }
      : {}),
    ...(options.notices
      ? {
          noticeBook: {
            load: (c: string, p: string) => options.notices!.get(`${c}/${p}`) ?? [],
            save: (c: string, p: string, list: NoticeMessage[]) => void options.notices!.set(`${c}/${p}`, list),
          },
        }
      : {}),
  });
  const events = () => sent.map(([e]) => e);
  return { socket, sent, session, events };
}
const flush = () => new Promise((r) => setImmediate(r));
const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 5));
};

describe('CheckinSession (the check-in page without the page)', () => {
  it('learns its point and conference from the token, and waits for the button before checking in', async () => {
    const { socket, session, events } = setup();
    await session.start();
    socket.up();
    await flush();
    expect(session.view.me?.point?.code).toBe('H-A');
    expect([session.view.conf?.title, session.view.agenda?.version, session.view.conn, session.view.phase]).toEqual(['Hội nghị', 2, 'online', 'idle']);
    expect(events()).toEqual([]);
    await session.checkIn();
    expect([session.view.phase, session.view.state]).toEqual(['in', 'online']);
    expect(events()).toEqual(['checkin', 'agenda:ack']);
  });

  it('a press before the socket is up checks in as soon as it connects', async () => {
    const { socket, session, events } = setup();
    await session.start();
    await session.checkIn();
    expect(session.view.phase).toBe('checking');
    socket.up();
    await flush();
    expect(session.view.phase).toBe('in');
    expect(events()[0]).toBe('checkin');
  });

  it('after a drop it checks in again by itself, re-sending its last signal and agenda version, and says so', async () => {
    const { socket, session, sent } = setup();
    await session.start();
    socket.up();
    await session.checkIn();
    await session.sendSignal('audio', 'fail');
    await session.sendSignal('video', 'ok');
    expect(session.view.info).toBe('signalSent');
    socket.down();
    expect([session.view.conn, session.view.phase]).toEqual(['lost', 'in']);
    sent.length = 0;
    socket.up();
    await flush();
    expect(sent).toEqual([
      ['checkin', { conferenceId: CONF }],
      ['status', { conferenceId: CONF, audio: 'fail', video: 'ok' }],
      ['agenda:state', { conferenceId: CONF }],
      ['agenda:ack', { conferenceId: CONF, version: 2 }],
    ]);
    expect([session.view.phase, session.view.info]).toEqual(['in', 'reconnected']);
  });

  it('does not check in again after checking out, nor after a refusal', async () => {
    const left = setup();
    await left.session.start();
    left.socket.up();
    await left.session.checkIn();
    await left.session.checkOut();
    expect([left.session.view.phase, left.session.view.state]).toEqual(['left', 'left']);
    left.socket.down();
    left.socket.up();
    await flush();
    expect(left.events().filter((e) => e === 'checkin')).toHaveLength(1);

    const refused = setup({ refuse: 'conflict' });
    await refused.session.start();
    refused.socket.up();
    await refused.session.checkIn();
    expect([refused.session.view.phase, refused.session.view.error?.code]).toEqual(['idle', 'conflict']);
    refused.socket.down();
    refused.socket.up();
    await flush();
    expect(refused.events().filter((e) => e === 'checkin')).toHaveLength(1);
  });

  it('a re-check-in refused after a reconnection shows the point as not checked in, with the button and the reason', async () => {
    const replies: CheckinReply[] = [
      { ok: true, state: 'online' },
      { ok: false, error: { code: 'conflict', message: '', messages: { vi: 'Hội nghị đã kết thúc', en: 'Ended' } } },
    ];
    const { socket, session, events } = setup({ checkin: () => replies.shift()! });
    await session.start();
    socket.up();
    await session.checkIn();
    expect(session.view.phase).toBe('in');
    socket.down();
    socket.up();
    await flush();
    expect([session.view.phase, session.view.state, session.view.error?.code, session.view.refusedAgain]).toEqual([
      'idle',
      null,
      'conflict',
      { retrying: false },
    ]);
    // no further automatic try; the button works again
    socket.down();
    socket.up();
    await flush();
    expect(events().filter((e) => e === 'checkin')).toHaveLength(2);
    replies.push({ ok: true, state: 'online' });
    await session.checkIn();
    expect([session.view.phase, session.view.error, session.view.refusedAgain]).toEqual(['in', null, null]);
  });

  it('a re-check-in refused because the conference is full is tried again by itself, a bounded number of times', async () => {
    const replies: CheckinReply[] = [{ ok: true, state: 'online' }];
    const { socket, session, events } = setup({ checkin: () => replies.shift() ?? FULL, capacityRetryMs: 5 });
    await session.start();
    socket.up();
    await session.checkIn();
    socket.down();
    socket.up();
    await flush();
    expect([session.view.phase, session.view.refusedAgain]).toEqual(['idle', { retrying: true }]);
    const tries = () => events().filter((e) => e === 'checkin').length;
    await until(() => tries() === 2 + CAPACITY_RETRIES);
    await until(() => session.view.refusedAgain?.retrying === false);
    await new Promise((r) => setTimeout(r, 100)); // the last delay is at most 20 ms × 1.25: nothing comes after it
    expect(tries()).toBe(2 + CAPACITY_RETRIES);
    // a seat frees up: the next try (here, the button) checks in
    replies.push({ ok: true, state: 'online' });
    await session.checkIn();
    expect(session.view.phase).toBe('in');

    // and a try that finds a seat checks the point in again without the button
    const again: CheckinReply[] = [{ ok: true, state: 'online' }, FULL, { ok: true, state: 'online' }];
    const other = setup({ checkin: () => again.shift() ?? FULL, capacityRetryMs: 5 });
    await other.session.start();
    other.socket.up();
    await other.session.checkIn();
    other.socket.down();
    other.socket.up();
    await until(() => other.events().filter((e) => e === 'checkin').length === 3 && other.session.view.phase === 'in');
    expect([other.session.view.refusedAgain, other.session.view.error, other.session.view.info]).toEqual([null, null, 'reconnected']);
  });

  it('reads the agenda again after a reconnection and acknowledges the version it read; a failed read is tried again', async () => {
    let server: object | Error = { conferenceId: CONF, version: 2, items: [], currentItemId: null };
    const { socket, session, sent } = setup({
      agenda: () => {
        if (server instanceof Error) throw server;
        return server;
      },
    });
    await session.start();
    socket.up();
    await session.checkIn();
    socket.down();
    // changed while the phone was away (no push reaches it)
    server = { conferenceId: CONF, version: 5, items: [{ id: 'i9', title: 'Phát biểu bổ sung' }], currentItemId: 'i9' };
    sent.length = 0;
    socket.up();
    await flush();
    expect([session.view.agenda?.version, session.view.agenda?.currentItemId]).toEqual([5, 'i9']);
    expect(sent).toContainEqual(['agenda:ack', { conferenceId: CONF, version: 5 }]);
    expect(sent.filter(([e]) => e === 'agenda:ack')).toHaveLength(1);

    // a page whose first read fails shows the agenda once a later try succeeds
    const failing = setup({
      agenda: () => {
        if (server instanceof Error) throw server;
        return server;
      },
    });
    server = new Error('network');
    await failing.session.start();
    expect(failing.session.view.agenda).toBeNull();
    server = { conferenceId: CONF, version: 6, items: [], currentItemId: null };
    while (!failing.session.view.agenda) await new Promise((r) => setTimeout(r, 5));
    expect(failing.session.view.agenda.version).toBe(6);
  });

  it("after a reconnection the catch-up read is spread: the held version is acknowledged at once, the agenda read later (the button's check-in reads at once)", async () => {
    let reads = 0;
    const agenda = () => (reads++, { conferenceId: CONF, version: 2 + reads, items: [], currentItemId: null });
    const { socket, session, sent } = setup({ agenda, catchUpSpreadMs: 200 });
    await session.start();
    socket.up();
    await session.checkIn(); // the button: read at once
    expect([reads, session.view.catchUps]).toEqual([2, 1]);
    socket.down();
    sent.length = 0;
    socket.up();
    await flush();
    expect(session.view.phase).toBe('in');
    expect(reads).toBe(2); // not yet: 10,000 phones reconnecting together must not all read in the same second
    expect(sent).toContainEqual(['agenda:ack', { conferenceId: CONF, version: 4 }]);
    await until(() => session.view.catchUps === 2);
    expect([reads, session.view.agenda?.version]).toEqual([3, 5]);
    expect(sent).toContainEqual(['agenda:ack', { conferenceId: CONF, version: 5 }]);
    session.dispose();
  });

  it('a page that cannot reach the server at load tries again by itself (or on "Thử lại"), then checks in again as remembered', async () => {
    const memory = new Set<string>([`${CONF}/${POINT}`]);
    let down = 3;
    const reads: string[] = [];
    const { socket, session, events } = setup({
      memory,
      fail: (path) => {
        reads.push(path);
        if (path === '/api/auth/me' && down > 0) return (down--, Object.assign(new Error('network'), { status: 0 }));
        return undefined;
      },
    });
    socket.up();
    await session.start();
    expect(session.view.fatal).toMatchObject({ kind: 'error', retrying: true });
    await session.retryNow(); // the button: at once
    expect(session.view.fatal).toMatchObject({ kind: 'error', retrying: true });
    while (session.view.phase !== 'in') await new Promise((r) => setTimeout(r, 5));
    expect([session.view.fatal, session.view.conf?.title, session.view.info]).toEqual([null, 'Hội nghị', 'autoReconfirmed']);
    expect(events().filter((e) => e === 'checkin')).toHaveLength(1);
    expect(reads.filter((p) => p === '/api/auth/me')).toHaveLength(4);

    // a link that does not exist (404) or no longer opens (401) is final: no retry
    for (const status of [404, 401]) {
      const tries: string[] = [];
      const bad = setup({ fail: (path) => (tries.push(path), path === '/api/auth/me' ? Object.assign(new Error(String(status)), { status }) : undefined) });
      await bad.session.start();
      await new Promise((r) => setTimeout(r, 50));
      expect(tries.filter((p) => p === '/api/auth/me')).toHaveLength(1);
      expect(bad.session.view.fatal).toEqual(status === 401 ? { kind: 'badToken' } : expect.objectContaining({ kind: 'error', retrying: false }));
    }
  });

  it('after a reconnection it asks agenda:state and reads only what changed while it was away', async () => {
    let agendaReads = 0;
    let confReads = 0;
    let agenda = { conferenceId: CONF, version: 2, items: [], currentItemId: null as string | null };
    let conf = { id: CONF, title: 'Hội nghị', timezone: 'Asia/Ho_Chi_Minh', status: 'live', updatedAt: '2021-07-10T08:00:00.000+07:00' };
    let state: object = { ok: true, version: 2, currentItemId: null, release: 3, conferenceUpdatedAt: '2021-07-10T01:00:00.000Z' };
    const { socket, session, sent } = setup({ agenda: () => (agendaReads++, agenda), conf: () => (confReads++, conf), agendaState: () => state });
    await session.start();
    socket.up();
    await session.checkIn();
    const [afterButton, confAfterOpen] = [agendaReads, confReads];
    expect(sent.map(([e]) => e)).not.toContain('agenda:state'); // the button's check-in reads at once, as before
    const reconnect = async () => {
      socket.down();
      socket.up();
      await flush();
    };

    // nothing changed (the same instant in another zone): no read; the page is told the latest release (it then
    // reads no release list)
    await reconnect();
    expect([agendaReads, confReads]).toEqual([afterButton, confAfterOpen]);
    expect([session.view.latestRelease, session.view.catchUps]).toEqual([3, 2]);

    // the operator moved the current item meanwhile: read (the actual times came with it)
    agenda = { ...agenda, currentItemId: 'i1' };
    state = { ...state, currentItemId: 'i1' };
    await reconnect();
    expect(agendaReads).toBe(afterButton + 1);
    expect(session.view.agenda?.currentItemId).toBe('i1');

    // an edit meanwhile: read, and the new version acknowledged
    agenda = { ...agenda, version: 3 };
    state = { ...state, version: 3, release: 4 };
    await reconnect();
    expect(agendaReads).toBe(afterButton + 2);
    expect(sent.at(-1)).toEqual(['agenda:ack', { conferenceId: CONF, version: 3 }]);
    expect(session.view.latestRelease).toBe(4);

    // the conference moved meanwhile (the items' times with it, the agenda's version not): both read again
    conf = { ...conf, updatedAt: '2021-07-10T08:30:00.000+07:00', title: 'Hội nghị (dời lịch)' };
    state = { ...state, conferenceUpdatedAt: '2021-07-10T01:30:00.000Z' };
    await reconnect();
    expect([agendaReads, confReads]).toEqual([afterButton + 3, confAfterOpen + 1]);
    expect(session.view.conf?.title).toBe('Hội nghị (dời lịch)');

    // no usable answer (an older server, a refusal): read as after the button, and the page reads the release list
    state = { ok: false, error: { code: 'bad_request', message: '', messages: { vi: 'Sai', en: 'Bad' } } };
    await reconnect();
    expect(agendaReads).toBe(afterButton + 4);
    expect(session.view.latestRelease).toBeNull();
  });

  it('a reloaded page shows the notices this point received before, newest first, the newest MAX_NOTICES', async () => {
    const kept = new Map<string, NoticeMessage[]>();
    const at = (minute: number) => `2021-07-10T08:${String(minute).padStart(2, '0')}:00.000+07:00`;
    const first = setup({ notices: kept });
    await first.session.start();
    first.socket.up();
    await first.session.checkIn();
    for (let i = 0; i < MAX_NOTICES + 5; i++) first.socket.fire('notice', { id: `n${i}`, conferenceId: CONF, text: `Thông báo ${i}`, at: at(i) });
    first.session.dispose();

    // the page reloaded (or the phone discarded the tab): a new session on the same browser
    const again = setup({ notices: kept });
    await again.session.start();
    again.socket.up();
    await flush();
    const ids = again.session.view.notices.map((n) => n.id);
    expect(ids).toHaveLength(MAX_NOTICES);
    expect(ids.slice(0, 2)).toEqual([`n${MAX_NOTICES + 4}`, `n${MAX_NOTICES + 3}`]);
    expect(ids).not.toContain('n4');
    // a notice pushed now (an earlier one re-sent, a new one) joins them once, in time order
    again.socket.fire('notice', { id: `n${MAX_NOTICES + 4}`, conferenceId: CONF, text: 'lại', at: at(59) });
    again.socket.fire('notice', { id: 'new', conferenceId: CONF, text: 'Mới', at: at(59) });
    expect(again.session.view.notices.map((n) => n.id).slice(0, 2)).toEqual(['new', `n${MAX_NOTICES + 4}`]);
    expect(kept.get(`${CONF}/${POINT}`)?.[0].id).toBe('new');
    // another point on this browser does not see them
    const other = setup({ notices: kept, me: { role: 'point', pointId: 'p2', conferenceId: CONF, point: { code: 'H-B', name: 'Huyện B' } } });
    await other.session.start();
    expect(other.session.view.notices).toEqual([]);
  });

  it('keeps notices newest first without duplicates, answers a roll call, and acks a pushed agenda once checked in', async () => {
    const { socket, session, sent } = setup();
    await session.start();
    socket.up();
    await session.checkIn();
    const notice = (id: string): NoticeMessage => ({ id, conferenceId: CONF, text: `Thông báo ${id}`, at: '2021-07-10T08:00:00.000+07:00' });
    socket.fire('notice', notice('n1'));
    socket.fire('notice', notice('n2'));
    socket.fire('notice', notice('n1'));
    expect(session.view.notices.map((n) => n.id)).toEqual(['n2', 'n1']);
    socket.fire('rollcall', { rollcallId: 'r1', conferenceId: CONF, deadline: '2021-07-10T08:01:00.000+07:00' });
    await session.answerRollcall();
    expect(session.view.rollcall).toMatchObject({ answered: true, prompt: { rollcallId: 'r1' } });
    socket.fire('agenda', { conferenceId: CONF, version: 3, items: [], currentItemId: null });
    expect(session.view.agenda?.version).toBe(3);
    expect(sent.at(-1)).toEqual(['agenda:ack', { conferenceId: CONF, version: 3 }]);
    // the operator moves the current item: the same version, shown, not acknowledged again (10,000 points would)
    const before = sent.length;
    socket.fire('agenda', { conferenceId: CONF, version: 3, items: [], currentItemId: 'i1' });
    expect(session.view.agenda?.currentItemId).toBe('i1');
    expect(sent.length).toBe(before);
    socket.fire('agenda', { conferenceId: CONF, version: 4, items: [], currentItemId: 'i1' });
    expect(sent.at(-1)).toEqual(['agenda:ack', { conferenceId: CONF, version: 4 }]);
  });

  it('says the link is not valid when the token names no conference or is refused at the handshake', async () => {
    const noConference = setup({ me: { role: 'point', pointId: POINT } });
    await noConference.session.start();
    expect(noConference.session.view.fatal).toEqual({ kind: 'badToken' });
    const revoked = setup();
    await revoked.session.start();
    revoked.socket.fire('connect_error', new Error('unauthorized'));
    expect([revoked.session.view.fatal, revoked.session.view.conn]).toEqual([{ kind: 'badToken' }, 'lost']);
  });

  it.each([
    ['live, remembered: checks in by itself and says why', 'live', true, ['checkin', 'agenda:state', 'agenda:ack'], 'in', 'autoReconfirmed'],
    ['scheduled, remembered: the same', 'scheduled', true, ['checkin', 'agenda:state', 'agenda:ack'], 'in', 'autoReconfirmed'],
    ['live, not remembered: waits for the button', 'live', false, [], 'idle', null],
    ['ended, remembered: never tries', 'ended', true, [], 'idle', null],
  ])('a reopened page: %s', async (_name, status, remembered, expected, phase, info) => {
    const memory = new Set<string>(remembered ? [`${CONF}/${POINT}`] : []);
    const { socket, session, events } = setup({ status, memory });
    socket.up();
    await session.start();
    await flush();
    expect(events()).toEqual(expected);
    expect([session.view.phase, session.view.info]).toEqual([phase, info]);
  });

  it('remembers a check-in, forgets it on checkout', async () => {
    const memory = new Set<string>();
    const { socket, session } = setup({ memory });
    socket.up();
    await session.start();
    await session.checkIn();
    expect([...memory]).toEqual([`${CONF}/${POINT}`]);
    await session.checkOut();
    expect([...memory]).toEqual([]);
  });

  it('a checkout clears the note of the automatic check-in that preceded it', async () => {
    const memory = new Set([`${CONF}/${POINT}`]);
    const { socket, session } = setup({ memory });
    socket.up();
    await session.start();
    await until(() => session.view.info === 'autoReconfirmed');
    await session.checkOut();
    expect([session.view.phase, session.view.info]).toEqual(['left', null]);
  });

  /** A checked-in page told `revoked` (with this notice), then closed by the server; counts its reconnection attempts. */
  async function revokedWith(notice: object) {
    const { socket, session } = setup();
    const tries = { reconnects: 0 };
    socket.connect = () => void (tries.reconnects += 1);
    socket.up();
    await session.start();
    await session.checkIn();
    socket.fire('revoked', notice);
    socket.down('io server disconnect');
    return { socket, session, tries };
  }

  it('a revoked link: fatal "revoked", and no reconnection after the server closes the socket', async () => {
    const { session, tries } = await revokedWith({ conferenceId: CONF, reason: 'link_revoked' });
    await new Promise((r) => setTimeout(r, 1100));
    expect(session.view.fatal).toEqual({ kind: 'revoked' });
    expect(tries.reconnects).toBe(0);
  });

  it('a point account signed out elsewhere is asked to sign in again (not told its link was replaced), and does not reconnect', async () => {
    const { socket, session, tries } = await revokedWith({ reason: 'signed_out' });
    expect(session.view.fatal).toEqual({ kind: 'signedOut' });
    socket.up();
    await flush();
    expect(tries.reconnects).toBe(0);
  });

  it('a checkout whose answer is lost keeps the point checked in, and it checks in again after the reconnection', async () => {
    const { socket, session, events } = setup();
    socket.up();
    await session.start();
    await session.checkIn();
    // the checkout's answer is lost with the connection; the socket comes back before the page gives up waiting
    let answer!: (r: unknown) => void;
    const request = (session as unknown as { deps: { request: (...a: unknown[]) => Promise<unknown> } }).deps;
    const real = request.request;
    request.request = (s: unknown, event: unknown, payload: unknown) => (event === 'checkout' ? new Promise((r) => (answer = r)) : real(s, event, payload));
    const out = session.checkOut();
    socket.down();
    socket.up();
    await flush();
    answer({ ok: false, error: { code: 'no_answer', message: '', messages: { vi: '', en: '' } } });
    await out;
    await flush();
    expect([session.view.phase, session.view.state]).toEqual(['in', 'online']);
    expect(events().filter((e) => e === 'checkin')).toHaveLength(2);
    // and a later drop checks in again by itself
    socket.down();
    socket.up();
    await flush();
    expect(events().filter((e) => e === 'checkin')).toHaveLength(3);
  });

  it('a signal report waits for both answers (an unanswered one is never sent as good), then both are marked sent', async () => {
    const { socket, session, sent } = setup();
    socket.up();
    await session.start();
    await session.checkIn();
    sent.length = 0;
    await session.sendSignal('audio', 'fail');
    expect(sent).toEqual([]);
    expect([session.view.signal, session.view.sent, session.view.info]).toEqual([{ audio: 'fail', video: null }, { audio: false, video: false }, null]);
    // a drop before the second answer re-sends no report either
    socket.down();
    socket.up();
    await flush();
    expect(sent.map(([e]) => e)).not.toContain('status');
    await session.sendSignal('video', 'ok');
    expect(sent.filter(([e]) => e === 'status')).toEqual([['status', { conferenceId: CONF, audio: 'fail', video: 'ok' }]]);
    expect([session.view.sent, session.view.info]).toEqual([{ audio: true, video: true }, 'signalSent']);
  });
});

describe('CheckinSession: the conference changed (`conference` push)', () => {
  const TIMES = { startsAt: '2021-07-10T08:00:00.000+07:00', endsAt: '2021-07-10T11:00:00.000+07:00', timezone: 'Asia/Ho_Chi_Minh' };
  const read = (version: number, title = 'Hội thảo', status = 'live') => ({ id: CONF, title, status, version, updatedAt: TIMES.startsAt, ...TIMES });

  it('ended while checked in: the page shows it at once, forgets the check-in and does not check in again after a drop', async () => {
    const memory = new Set<string>();
    const { socket, session, events } = setup({ memory, conf: () => read(3) });
    socket.up();
    await session.start();
    await session.checkIn();
    expect([session.view.phase, memory.has(`${CONF}/${POINT}`)]).toEqual(['in', true]);
    socket.fire('conference', { conferenceId: CONF, status: 'ended', version: 4, updatedAt: '2021-07-10T10:42:00.000+07:00', ...TIMES });
    expect([session.view.phase, session.view.conf?.status, session.view.conf?.updatedAt]).toEqual(['idle', 'ended', '2021-07-10T10:42:00.000+07:00']);
    expect(memory.has(`${CONF}/${POINT}`)).toBe(false);
    socket.down();
    socket.up();
    await flush();
    expect(events().filter((e) => e === 'checkin')).toHaveLength(1);
  });

  it('removed from the conference while checked in: the page says so at once, forgets the check-in and does not check in again after a drop', async () => {
    const memory = new Set<string>();
    const { socket, session, events } = setup({ memory });
    socket.up();
    await session.start();
    await session.checkIn();
    socket.fire('roster', { conferenceId: CONF, added: [], removed: ['p2'] }); // another point: nothing changes here
    socket.fire('roster', { conferenceId: 'c2', added: [], removed: [POINT] }); // another conference
    expect([session.view.phase, session.view.error]).toEqual(['in', null]);
    socket.fire('roster', { conferenceId: CONF, added: [], removed: [POINT] });
    expect([session.view.phase, session.view.state, session.view.error?.code]).toEqual(['idle', null, 'removed_from_conference']);
    expect(memory.has(`${CONF}/${POINT}`)).toBe(false);
    socket.down();
    socket.up();
    await flush();
    expect(events().filter((e) => e === 'checkin')).toHaveLength(1);
  });

  it('an edit (same status) is read again; a push that is not newer, or of another conference, changes nothing', async () => {
    let served = read(3);
    let reads = 0;
    const { socket, session } = setup({
      conf: () => {
        reads += 1;
        return served;
      },
    });
    socket.up();
    await session.start();
    await session.checkIn();
    const before = reads;
    socket.fire('conference', { conferenceId: CONF, status: 'cancelled', version: 3, updatedAt: TIMES.startsAt, ...TIMES });
    socket.fire('conference', { conferenceId: 'c2', status: 'ended', version: 9, updatedAt: TIMES.startsAt, ...TIMES });
    await flush();
    expect([reads, session.view.conf?.status, session.view.phase]).toEqual([before, 'live', 'in']);
    served = read(4, 'Hội nghị');
    const moved = { startsAt: '2021-07-10T14:00:00.000+07:00', endsAt: '2021-07-10T17:00:00.000+07:00' };
    socket.fire('conference', { conferenceId: CONF, status: 'live', version: 4, updatedAt: TIMES.endsAt, ...TIMES, ...moved });
    expect(session.view.conf?.startsAt).toBe(moved.startsAt); // the times at once
    await until(() => session.view.conf?.title === 'Hội nghị'); // the title with the read
    expect([reads, session.view.phase]).toEqual([before + 1, 'in']);
  });
});
