import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { BoardBroadcast } from '../broadcast/board-broadcast';
import type { PresenceDelta, PresenceEntry } from '../../../src/presence/presence.events';
import { errorText, get, post } from '../api';
import { LangSwitch } from '../components/lang-switch';
import { T as dict, useT } from '../i18n';
import { connectLive, request, type LiveSocket } from '../live';
import { onLinkClick } from '../router';
import { can, setSession, useSession } from '../session';
import { fmtRange, inZone } from '../time';
import { nextStatus, type Agenda, type AgendaItem, type Conference, type ConferenceStatus, type Page, type PresenceLogEvent } from '../types';
import { fold } from '../../../src/common/text/fold';
import { Notice, StatusBadge } from '../components/ui';
import { LevelCounters, LevelGroups } from './groups';
import { AgendaPanel, AlertsPanel, NoticePanel, NotOnlinePanel, RollcallPanel, SelectedPanel, type BoardAlert, type NoticeTarget } from './panels';
import { beep, unlockSound } from './sound';
import { BoardStore } from './store';
import { BoardSync } from './board-sync';
import { BEAT_COLOURS } from './heartbeat';

type Conn = 'connecting' | 'online' | 'lost';


/** The operator's live board: a tile per invited point, counters, the agenda, alerts and the live actions. */
export function BoardPage({ conferenceId }: { conferenceId: string }) {
  const T = useT();
  const session = useSession()!;
  const store = useMemo(() => new BoardStore(), [conferenceId]);
  const [conf, setConf] = useState<Conference | null>(null);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [conn, setConn] = useState<Conn>('connecting');
  const [resynced, setResynced] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<BoardAlert[]>([]);
  const [sound, setSound] = useState(localStorage.getItem('diemcau.sound') !== 'off');
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [target, setTarget] = useState<NoticeTarget>('all');
  const [ready, setReady] = useState(false);
  const confRef = useRef<Conference | null>(null);
  const soundRef = useRef(sound);
  confRef.current = conf;
  soundRef.current = sound;
  const canOperate = can(session, 'operator');

  /**
   * The conference's title, times and status. After the first read, the board polls the list for the conference's
   * own time window (no invited points in it: the detail of a 10,000-point conference is megabytes), and reads the
   * detail again only when the conference has left that window.
   */
  const loadConference = async () => {
    try {
      const known = confRef.current;
      let c: Conference | undefined;
      if (known) {
        const q = `from=${encodeURIComponent(known.startsAt)}&to=${encodeURIComponent(known.endsAt)}&limit=1000`;
        c = (await get<Page<Conference>>(`/api/conferences?${q}`)).items.find((x) => x.id === conferenceId);
      }
      c ??= await get<Conference>(`/api/conferences/${conferenceId}`);
      setConf(c);
      document.title = `${c.title} · ${dict().board}`;
    } catch (e) {
      setError(errorText(e));
    }
  };
  const loadAgenda = () =>
    get<Agenda>(`/api/conferences/${conferenceId}/agenda`)
      .then(setAgenda)
      .catch(() => undefined);

  useEffect(() => {
    void loadConference();
    void loadAgenda();
    const t = setInterval(() => {
      void loadConference();
      void loadAgenda();
    }, 30_000);
    return () => clearInterval(t);
  }, [conferenceId]);

  useEffect(() => store.setAgendaVersion(agenda?.version ?? null), [agenda?.version]);

  // alerts when a point drops during a live conference
  useEffect(() => {
    let seq = 0;
    store.onDrops = (dropped: PresenceEntry[]) => {
      if (confRef.current?.status !== 'live') return;
      const d = dict();
      const at = Date.now();
      const fresh: BoardAlert[] =
        dropped.length > 5
          ? [{ id: ++seq, at, text: d.manyDropped(dropped.length), state: 'unstable' }]
          : dropped.map((e) => ({ id: ++seq, at, text: d.droppedAlert(e.name), state: e.state }));
      setAlerts((a) => [...fresh.reverse(), ...a].slice(0, 30));
      if (soundRef.current) beep();
    };
    return () => {
      store.onDrops = null;
    };
  }, [store]);

  // the live connection: join, resync after a gap or a reconnect (the protocol is BoardSync's)
  useEffect(() => {
    const s = connectLive(session.token);
    let disposed = false;

    const loadEvents = () =>
      get<PresenceLogEvent[]>(`/api/conferences/${conferenceId}/presence/events`)
        .then((evs) => !disposed && Array.isArray(evs) && store.seedEvents(evs))
        .catch(() => undefined);

    const sync = new BoardSync(conferenceId, store, (id) => request(s, 'board:join', { conferenceId: id }), {
      joined(rejoin) {
        setError(null);
        setConn('online');
        setReady(true);
        if (rejoin) {
          setResynced(true);
          setTimeout(() => !disposed && setResynced(false), 5000);
        }
        void loadEvents();
      },
      refused(e) {
        setError(errorText(e));
      },
    });

    s.on('connect', () => {
      if (sync.hasJoined) void loadAgenda();
      void sync.connected();
    });
    s.on('disconnect', (reason) => {
      if (disposed) return;
      setConn('lost');
      if (reason === 'io server disconnect') setTimeout(() => !disposed && s.connect(), 1000);
    });
    s.on('connect_error', (err) => {
      if (disposed) return;
      if (err.message === 'unauthorized') {
        setSession(null);
        return;
      }
      setConn('lost');
    });
    s.on('presence', (d) => sync.delta(d));
    s.on('agenda', (a) => {
      if (a.conferenceId !== conferenceId) return;
      setAgenda((prev) => ({ ...(prev ?? {}), conferenceId, version: a.version, items: a.items as AgendaItem[], currentItemId: a.currentItemId }));
    });
    s.on('rollcall:result', (r) => store.setRollcall(r));
    setSocket(s);
    store.start();
    return () => {
      disposed = true;
      sync.dispose();
      s.removeAllListeners();
      s.disconnect();
      store.stop();
    };
  }, [conferenceId, session.token, store]);

  async function setCurrent(itemId: string): Promise<string | null> {
    try {
      const a = await post<Agenda>(`/api/conferences/${conferenceId}/agenda/current`, { itemId });
      if (a && Array.isArray(a.items)) setAgenda(a);
      else await loadAgenda();
      return null;
    } catch (e) {
      return errorText(e);
    }
  }

  async function changeStatus(status: ConferenceStatus) {
    if (!conf || !confirm(T.confirmStatus(T.statusActions[status]))) return;
    try {
      const c = await post<Conference>(`/api/conferences/${conferenceId}/status`, { status, version: conf.version });
      setConf((prev) => ({ ...(prev ?? c), ...c }));
    } catch (e) {
      setError(errorText(e));
      void loadConference();
    }
  }

  function toggleSound() {
    unlockSound();
    const next = !sound;
    setSound(next);
    localStorage.setItem('diemcau.sound', next ? 'on' : 'off');
  }

  function noticeTo(pointId: string) {
    setTarget(`point:${pointId}`);
    document.getElementById('notice-panel')?.scrollIntoView({ block: 'nearest' });
    (document.querySelector('#notice-panel textarea') as HTMLTextAreaElement | null)?.focus();
  }

  const tz = conf?.timezone ?? 'Asia/Ho_Chi_Minh';
  const forward: ConferenceStatus | null = conf ? nextStatus(conf.status) : null;

  return (
    <div class={`board conn-${conn}`} onClick={unlockSound}>
      <header class="board-head">
        <a class="btn ghost back" href="/" onClick={onLinkClick} aria-label={T.backHome}>
          ←
        </a>
        <div class="bh-title">
          <h1>{conf?.title ?? T.loading}</h1>
          {conf && (
            <div class="bh-meta">
              <StatusBadge status={conf.status} /> <span>{fmtRange(conf.startsAt, conf.endsAt, tz)}</span>
            </div>
          )}
        </div>
        <Clock tz={tz} />
        <div class="bh-actions">
          <button type="button" class="btn ghost" aria-pressed={sound} onClick={toggleSound}>
            {sound ? T.soundOn : T.soundOff}
          </button>
          {canOperate && forward && (
            <button type="button" class={`btn ${forward === 'ended' ? 'danger' : 'primary'}`} onClick={() => changeStatus(forward)}>
              {T.statusActions[forward]}
            </button>
          )}
          <LangSwitch />
        </div>
      </header>
      {conn === 'lost' && (
        <div class="banner lost" role="alert" data-banner="connection-lost">
          ⚠ {T.connectionLost}
        </div>
      )}
      {resynced && conn === 'online' && (
        <div class="banner ok" role="status">
          ✓ {T.resynced}
        </div>
      )}
      {error && (
        <div class="board-error">
          <Notice kind="error">{error}</Notice>
        </div>
      )}
      <div class="board-body">
        <div class="board-main" aria-busy={!ready}>
          <LevelCounters store={store} />
          <div class="board-tools">
            <FindPoint store={store} />
            <Legend />
          </div>
          {!ready && <p class="loading">{T.loading}</p>}
          {ready && <p class="muted small hint">{T.selectHint}</p>}
          <LevelGroups store={store} />
        </div>
        <aside class="board-side" aria-label={T.board}>
          <BoardBroadcast store={store} socket={socket} conferenceId={conferenceId} />
          <AlertsPanel alerts={alerts} tz={tz} onClear={() => setAlerts([])} />
          <SelectedPanel store={store} socket={socket} conferenceId={conferenceId} tz={tz} canOperate={canOperate} onNoticeTo={noticeTo} />
          <AgendaPanel store={store} agenda={agenda} tz={tz} canOperate={canOperate} onSetCurrent={setCurrent} />
          <NotOnlinePanel store={store} />
          {canOperate && <RollcallPanel store={store} socket={socket} conferenceId={conferenceId} />}
          {canOperate && <NoticePanel store={store} socket={socket} conferenceId={conferenceId} target={target} setTarget={setTarget} />}
        </aside>
      </div>
    </div>
  );
}

function Clock({ tz }: { tz: string }) {
  const T = useT();
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div class="clock" aria-label={T.clock}>
      {inZone(new Date().toISOString(), tz).toFormat('HH:mm:ss')}
    </div>
  );
}

function Legend() {
  const T = useT();
  const items: Array<[string, string, string]> = [
    ['online', '●', T.states.online],
    ['unstable', '◐', T.states.unstable],
    ['offline', '✕', T.states.offline],
    ['absent', '○', T.states.absent],
    ['left', '↩', T.states.left],
  ];
  return (
    <div class="legend" aria-label={T.legend}>
      {items.map(([s, icon, label]) => (
        <span key={s} class={`lg s-${s}`}>
          <span aria-hidden="true">{icon}</span> {label}
        </span>
      ))}
      <span class="lg beats" title={T.heartbeatTitle(0)}>
        {BEAT_COLOURS.map((c) => (
          <i key={c} style={{ background: c }} />
        ))}{' '}
        30′
      </span>
    </div>
  );
}

function FindPoint({ store }: { store: BoardStore }) {
  const T = useT();
  const [q, setQ] = useState('');
  const [miss, setMiss] = useState(false);
  function find(e: Event) {
    e.preventDefault();
    const needle = fold(q.trim());
    if (!needle) return;
    let hit: PresenceEntry | undefined;
    for (const en of store.entries.values()) {
      if (fold(en.code) === needle) {
        hit = en;
        break;
      }
      if (!hit && (fold(en.name).includes(needle) || fold(en.code).includes(needle))) hit = en;
    }
    setMiss(!hit);
    if (!hit) return;
    store.select(hit.pointId);
    const el = document.querySelector<HTMLElement>(`[data-point-code="${CSS.escape(hit.code)}"]`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }
  return (
    <form class="find" role="search" onSubmit={find}>
      <label>
        <span class="sr-only">{T.findPoint}</span>
        <input type="search" placeholder={T.findPoint} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      {miss && <span class="bad-text small">{T.findNone}</span>}
    </form>
  );
}
