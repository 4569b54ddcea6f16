import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { BoardBroadcast } from '../broadcast/board-broadcast';
import { sentCheckpoints, type SentCheckpoint } from '../broadcast/checkpoint-recovery';
import type { PresenceEntry } from '../../../src/presence/presence.events';
import { get, post } from '../api';
import { LangSwitch } from '../components/lang-switch';
import { T as dict, useT, errorText } from '../i18n';
import { connectLive, type LiveSocket } from '../live';
import { onLinkClick } from '../router';
import { can, setSession, useSession } from '../session';
import { fmtRange, inZone } from '../time';
import { type Agenda, type AgendaItem, type Conference, type ConferenceStatus, type Page, type PresenceLogEvent } from '../types';
import { fold } from '../../../src/common/text/fold';
import { rankMatches } from './find-rank';
import { Notice, StatusBadge } from '../components/ui';
import { LevelCounters, LevelGroups } from './groups';
import { AgendaPanel, AlertsPanel, NoticePanel, NotOnlinePanel, RollcallPanel, SelectedPanel, type BoardAlert, type NoticeTarget } from './panels';
import { beep, onSoundUnlocked, soundUnlocked, unlockSound } from './sound';
import { BoardStore } from './store';
import { BoardSync } from './board-sync';
import { afterFirstPaint, afterPaint, markOnce, useAfterFirstPaint } from './paint-marks';
import { takeEarlyStart } from './early-start';
import { fetchSnapshot, restJoin } from './snapshot-source';
import { BEAT_COLOURS } from './heartbeat';
import { AgendaGate } from './agenda-gate';
import { failureOf, isId, PageState, type Failure } from '../components/page-state';
import { L as liveDict } from '../i18n-live';
import { ClosedBanner, OperatePanel } from './operate';
import { IncidentsPanel } from './incidents-panel';
import { BoardPetitionsPanel } from '../petitions/board-panel';
import { bindPetitionEvents, CurrentPetitionBanner, seedCurrentPetition } from '../petitions/live-petition';

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
  /** Re-joins so far (after a gap or a reconnect): the panels that live on pushes read again what they may have missed. */
  const [rejoins, setRejoins] = useState(0);
  /** The readiness checkpoints the server raised, from the event log read after each join (a new object per read). */
  const [checkpointLog, setCheckpointLog] = useState<{ lines: SentCheckpoint[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<BoardAlert[]>([]);
  const [sound, setSound] = useState(localStorage.getItem('diemcau.sound') !== 'off');
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [target, setTarget] = useState<NoticeTarget>('all');
  const [ready, setReady] = useState(false);
  /** The first snapshot and event log are in (the restored roll call drawn): the end-conference button may show. */
  const [settled, setSettled] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(isId(conferenceId) ? null : 'not_found');
  const [show, setShow] = useState<TileShow>('all');
  const [sort, setSort] = useState<TileSort>(savedSort);
  const confRef = useRef<Conference | null>(null);
  const soundRef = useRef(sound);
  confRef.current = conf;
  soundRef.current = sound;
  const canOperate = can(session, 'operator');
  /** The side column (live actions, then the panels that read on their own) mounts once the tiles are painted. */
  const painted = useAfterFirstPaint();

  /**
   * The conference's title, times and status, without its invited points (`?points=none`: the board has them from
   * the snapshot; with them, the detail of a 10,000-point conference is megabytes). After the first read, the board
   * polls the list for the conference's own time window, and reads the conference again only when it has left it.
   */
  const loadConference = async () => {
    try {
      const known = confRef.current;
      let c: Conference | undefined;
      if (known) {
        const q = `from=${encodeURIComponent(known.startsAt)}&to=${encodeURIComponent(known.endsAt)}&limit=1000`;
        c = (await get<Page<Conference>>(`/api/conferences?${q}`)).items.find((x) => x.id === conferenceId);
      }
      c ??= await get<Conference>(`/api/conferences/${conferenceId}?points=none`);
      setConf(c);
      setFailure((f) => (f === 'unreachable' ? null : f)); // a refusal of board:join (forbidden) stays
      document.title = `${c.title} · ${dict().board}`;
    } catch (e) {
      const f = failureOf(e);
      // Not found / not allowed: always a dead end. Unreachable: only before the first read (then the banner says it).
      if (f === 'not_found' || f === 'forbidden' || (f === 'unreachable' && !confRef.current)) setFailure(f);
      else if (f !== 'unreachable') setError(errorText(e));
    }
  };
  // a reload answered after a newer push must not bring the previous current item back (AgendaGate)
  const agendaGate = useMemo(() => new AgendaGate(), [conferenceId]);
  const loadAgenda = () => {
    const mayLand = agendaGate.read();
    return get<Agenda>(`/api/conferences/${conferenceId}/agenda`)
      .then((a) => setAgenda((held) => (mayLand(held, a) ? a : held)))
      .catch(() => undefined);
  };

  /**
   * The conference is read once the first snapshot is painted (or refused), so that it does not compete with the
   * snapshot for the server and the network; 3 s at the latest.
   */
  const conferenceRead = useRef(false);
  const firstConferenceRead = () => {
    if (conferenceRead.current) return;
    conferenceRead.current = true;
    void loadConference();
  };

  useEffect(() => {
    if (!isId(conferenceId)) return;
    conferenceRead.current = false;
    let live = true;
    // afterFirstPaint resolves 3 s after opening at the latest (a board whose join is refused paints nothing)
    void afterFirstPaint().then(() => {
      if (!live) return;
      firstConferenceRead();
      void loadAgenda();
    });
    const t = setInterval(() => {
      void loadConference();
      void loadAgenda();
    }, 30_000);
    return () => {
      live = false;
      clearInterval(t);
    };
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
      // Why did it drop? A revoked (reissued) link says so in the event log's disconnect line.
      if (dropped.length <= 5) {
        for (const [i, e] of dropped.entries()) {
          const alertId = fresh[fresh.length - 1 - i]?.id;
          void get<PresenceLogEvent[]>(`/api/conferences/${conferenceId}/presence/events?pointId=${e.pointId}`)
            .then((evs) => {
              const last = [...evs].reverse().find((x) => x.type === 'disconnect');
              if ((last?.detail as { reason?: string } | null)?.reason !== 'link_revoked') return;
              setAlerts((list) => list.map((al) => (al.id === alertId ? { ...al, text: liveDict().revokedAlert(e.name), reason: 'link_revoked' } : al)));
            })
            .catch(() => undefined);
        }
      }
    };
    return () => {
      store.onDrops = null;
    };
  }, [store]);

  // The live connection: join, resync after a gap or a reconnect (the protocol is BoardSync's). A layout effect: it
  // runs as soon as the board is rendered, so the snapshot read with the script is drawn in the first frame; a plain
  // effect waits for the next frame (Preact runs them after a paint), and the tiles came a frame later behind an
  // empty board's layout and paint (bench:board --trace).
  useLayoutEffect(() => {
    if (!isId(conferenceId)) return;
    // the snapshot is read over REST while the socket connects (restJoin); both may have started with the script
    const pre = takeEarlyStart(conferenceId, session.token);
    const early = pre?.snapshot ?? fetchSnapshot(conferenceId);
    early.catch(() => undefined);
    const s = pre?.socket ?? connectLive(session.token);
    let disposed = false;

    const loadEvents = () =>
      get<PresenceLogEvent[]>(`/api/conferences/${conferenceId}/presence/events`)
        .then((evs) => {
          if (disposed || !Array.isArray(evs)) return;
          store.seedEvents(evs);
          store.restoreRollcall(evs);
          setCheckpointLog({ lines: sentCheckpoints(evs) });
        })
        .catch(() => undefined)
        .finally(() => !disposed && setSettled(true));

    // the snapshot also carries the petition being answered on stage
    const join = restJoin(s, early);
    const joinRequest = (id: string) =>
      join(id).then((r) => {
        if (r.ok) seedCurrentPetition(conferenceId, r.snapshot);
        return r;
      });
    const sync = new BoardSync(conferenceId, store, joinRequest, {
      joined(rejoin) {
        markOnce('board:snapshot');
        setError(null);
        setConn('online');
        setReady(true);
        if (rejoin) {
          setRejoins((n) => n + 1);
          setResynced(true);
          setTimeout(() => !disposed && setResynced(false), 5000);
          void loadEvents();
        } else {
          // the event log fills the 30-minute strips (a repaint of every tile): after the first paint
          afterPaint(() => !disposed && void loadEvents());
        }
      },
      refused(e) {
        firstConferenceRead();
        if (e.code === 'not_found' || e.code === 'bad_request') setFailure('not_found');
        else if (e.code === 'forbidden') setFailure('forbidden');
        else setError(errorText(e));
      },
    });

    // The REST snapshot is drawn as soon as it is read, before the socket's join confirms it: on a 100-point board
    // the join (handshake, namespace, board:join) came ~130 ms after the snapshot. Until then the tiles show the
    // state as of that read; the join then keeps it (its seq is not newer), or reads and loads a newer one, and the
    // deltas sent meanwhile are buffered and applied after it (BoardSync).
    void early
      .then((snapshot) => {
        if (disposed || sync.hasJoined) return;
        store.load(snapshot);
        markOnce('board:snapshot');
        setReady(true);
      })
      .catch(() => undefined);

    const onConnect = () => {
      if (sync.hasJoined) void loadAgenda();
      void sync.connected();
    };
    s.on('connect', onConnect);
    s.on('disconnect', (reason) => {
      if (disposed) return;
      setConn('lost');
      if (reason === 'io server disconnect') setTimeout(() => !disposed && s.connect(), 1000);
    });
    const onConnectError = (err: Error) => {
      if (disposed) return;
      if (err.message === 'unauthorized') {
        setSession(null);
        return;
      }
      setConn('lost');
    };
    s.on('connect_error', onConnectError);
    s.on('presence', (d) => sync.delta(d));
    s.on('roster', (r) => void sync.roster(r));
    s.on('agenda', (a) => {
      if (a.conferenceId !== conferenceId) return;
      agendaGate.pushed();
      setAgenda((prev) => ({ ...(prev ?? {}), conferenceId, version: a.version, items: a.items as AgendaItem[], currentItemId: a.currentItemId }));
    });
    s.on('rollcall:result', (r) => store.setRollcall(r));
    // edited or ended elsewhere (another operator, the organizers): read now rather than at the next 30-s poll
    s.on('conference', (c) => c.conferenceId === conferenceId && void loadConference());
    bindPetitionEvents(s);
    // a socket started with the script may have connected, or been refused, before these listeners
    const refused = pre?.refusal();
    if (s.connected) onConnect();
    else if (refused && !s.active) onConnectError(refused);
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
      if (a && Array.isArray(a.items)) {
        agendaGate.pushed();
        setAgenda(a);
      } else await loadAgenda();
      return null;
    } catch (e) {
      return errorText(e);
    }
  }

  /** Confirmed by the caller (OperatePanel's second step); answers the error text, or null. */
  async function changeStatus(status: ConferenceStatus): Promise<string | null> {
    if (!conf) return null;
    try {
      const c = await post<Conference>(`/api/conferences/${conferenceId}/status`, { status, version: conf.version });
      setConf((prev) => ({ ...(prev ?? c), ...c }));
      return null;
    } catch (e) {
      void loadConference();
      return errorText(e);
    }
  }

  const [audible, setAudible] = useState(soundUnlocked());
  useEffect(() => (audible ? undefined : onSoundUnlocked(() => setAudible(true))), [audible]);

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
  const closed = conf?.status === 'ended' || conf?.status === 'cancelled';
  const mayAct = canOperate && !closed;

  if (failure) {
    return (
      <div class="board board-failed">
        <header class="board-head">
          <a class="btn ghost back" href="/" onClick={onLinkClick} aria-label={T.backHome}>
            ←
          </a>
          <div class="bh-title">
            <h1>{T.board}</h1>
          </div>
          <div class="bh-actions">
            <LangSwitch />
          </div>
        </header>
        <div class="board-error">
          <PageState failure={failure} onRetry={loadConference} />
        </div>
      </div>
    );
  }

  return (
    <div class={`board conn-${conn}`} onClick={unlockSound}>
      <header class="board-head">
        <a class="btn ghost back" href="/" onClick={onLinkClick} aria-label={T.backHome}>
          ←
        </a>
        <div class="bh-title">
          <h1 title={conf?.title}>{conf?.title ?? T.loading}</h1>
          {conf && (
            <div class="bh-meta">
              <StatusBadge status={conf.status} /> <span>{fmtRange(conf.startsAt, conf.endsAt, tz)}</span>
            </div>
          )}
        </div>
        <Clock tz={tz} shown={painted} />
        <div class="bh-actions">
          <button
            type="button"
            class="btn ghost"
            aria-pressed={sound && audible}
            data-sound={sound ? (audible ? 'on' : 'locked') : 'off'}
            onClick={() => (sound && !audible ? unlockSound() : toggleSound())}
          >
            {sound ? (audible ? T.soundOn : liveDict().soundClickToEnable) : T.soundOff}
          </button>
          <LangSwitch />
        </div>
      </header>
      {conn === 'lost' && (
        <div class="banner lost" role="alert" data-banner="connection-lost">
          ⚠ {T.connectionLost}
        </div>
      )}
      {conf && <ClosedBanner conf={conf} />}
      {resynced && conn === 'online' && (
        <div class="banner ok" role="status">
          ✓ {T.resynced}
        </div>
      )}
      <CurrentPetitionBanner conferenceId={conferenceId} />
      {error && (
        <div class="board-error">
          <Notice kind="error">{error}</Notice>
        </div>
      )}
      <div class="board-body">
        <div class={`board-main show-${show} sort-${sort}`} aria-busy={!ready}>
          {ready && <LevelCounters store={store} />}
          <div class="board-tools">
            <FindPoint store={store} />
            <FoldOnPhone summary={`${liveDict().boardTools}${show === 'all' ? '' : ` · ${liveDict().filterTiles}: ${tileShowLabel(show)}`}`}>
              <Legend />
              <TileFilter show={show} setShow={setShow} />
              <TileOrder
                sort={sort}
                setSort={(v) => {
                  setSort(v);
                  saveSort(v);
                }}
              />
              {ready && <p class="muted small hint">{T.selectHint}</p>}
            </FoldOnPhone>
          </div>
          {!ready && <p class="loading">{T.loading}</p>}
          <LevelGroups store={store} />
        </div>
        <aside class="board-side" aria-label={T.board}>
          <AlertsPanel alerts={alerts} tz={tz} onClear={() => setAlerts([])} />
          {/* While the connection is lost every action is disabled (a disabled fieldset), so none is silently lost. */}
          {painted && (
            <>
              <fieldset class="plain" disabled={conn === 'lost'} data-actions-paused={conn === 'lost' || undefined}>
                {conn === 'lost' && mayAct && <p class="paused-hint">{liveDict().actionsPaused}</p>}
                <SelectedPanel store={store} socket={socket} conferenceId={conferenceId} tz={tz} canOperate={mayAct} onNoticeTo={noticeTo} />
                <AgendaPanel store={store} agenda={agenda} tz={tz} canOperate={mayAct} closed={closed} onSetCurrent={setCurrent} />
                {mayAct && <RollcallPanel store={store} socket={socket} conferenceId={conferenceId} />}
                {mayAct && <NoticePanel store={store} socket={socket} conferenceId={conferenceId} target={target} setTarget={setTarget} tz={tz} />}
                {canOperate && conf && settled && agenda && <OperatePanel conf={conf} onChange={changeStatus} />}
              </fieldset>
              {/*
                Panels that load on their own (readiness, Kiến nghị, not-online list, incident log) come after the live
                actions, so that their arrival never moves a button under the operator's pointer (the end-conference one).
              */}
              <BoardBroadcast store={store} socket={socket} conferenceId={conferenceId} rejoins={rejoins} checkpointLog={checkpointLog} />
              <fieldset class="plain" disabled={conn === 'lost'}>
                <BoardPetitionsPanel conferenceId={conferenceId} conferenceTitle={conf?.title ?? ''} />
              </fieldset>
              {ready && <NotOnlinePanel store={store} />}
              {ready && <IncidentsPanel store={store} conferenceId={conferenceId} tz={tz} alertCount={alerts.length} />}
            </>
          )}
        </aside>
      </div>
    </div>
  );
}

/** `shown`: the first time formatted starts the browser's date machinery (~20 ms on a first load), so after the tiles. */
function Clock({ tz, shown }: { tz: string; shown: boolean }) {
  const T = useT();
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div class="clock" aria-label={T.clock}>
      {shown ? inZone(new Date().toISOString(), tz).toFormat('HH:mm:ss') : '--:--:--'}
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

/**
 * "Tìm điểm cầu": Enter selects the best match (`rankMatches`), Enter again with the same query the next one, round
 * and round, with "2/5" beside the box. The focus stays in the box so Enter keeps moving; the selected tile is
 * scrolled into view and outlined, and a live region reads out its name.
 */
function FindPoint({ store }: { store: BoardStore }) {
  const T = useT();
  const [q, setQ] = useState('');
  const [miss, setMiss] = useState(false);
  const [at, setAt] = useState<{ query: string; id: string; i: number; n: number; name: string } | null>(null);
  function find(e: Event) {
    e.preventDefault();
    const query = fold(q);
    const hits = rankMatches(store.entries.values(), query);
    setMiss(query !== '' && hits.length === 0);
    if (!hits.length) {
      setAt(null);
      return;
    }
    // the same query again: the match after the one shown last (found by id, as the board may have changed meanwhile)
    const prev = at && at.query === query ? hits.findIndex((h) => h.pointId === at.id) : -1;
    const i = prev >= 0 ? (prev + 1) % hits.length : 0;
    const hit = hits[i];
    setAt({ query, id: hit.pointId, i: i + 1, n: hits.length, name: hit.name });
    store.select(hit.pointId);
    document.querySelector<HTMLElement>(`[data-point-code="${CSS.escape(hit.code)}"]`)?.scrollIntoView({ block: 'center' });
  }
  const shown = at && at.query === fold(q) ? at : null;
  return (
    <form class="find" role="search" onSubmit={find}>
      <label>
        <span class="sr-only">{T.findPoint}</span>
        <input
          type="search"
          placeholder={T.findPoint}
          value={q}
          onInput={(e) => {
            setQ(e.currentTarget.value);
            setMiss(false);
          }}
        />
      </label>
      {shown && (
        <span class="muted small" data-find-hint title={T.findOfTitle(shown.i, shown.n)} aria-hidden="true" style={{ marginInline: '0.4rem' }}>
          {T.findOf(shown.i, shown.n)}
        </span>
      )}
      <span class="sr-only" aria-live="polite">
        {shown ? T.findFound(shown.name, shown.i, shown.n) : ''}
      </span>
      {miss && <span class="bad-text small">{T.findNone}</span>}
    </form>
  );
}

type TileShow = 'all' | 'trouble' | 'notonline';

/** Show every tile, only those with trouble (unstable, offline, audio/video problems), or those not online (CSS only). */
function tileShowOptions(): Array<[TileShow, string]> {
  const L = liveDict();
  return [
    ['all', L.tilesAll],
    ['trouble', L.tilesTrouble],
    ['notonline', L.tilesNotOnline],
  ];
}

const tileShowLabel = (show: TileShow) => tileShowOptions().find(([k]) => k === show)![1];

function TileFilter({ show, setShow }: { show: TileShow; setShow: (s: TileShow) => void }) {
  useT();
  return <Toggles label={liveDict().filterTiles} attr="data-tiles" value={show} options={tileShowOptions()} onPick={setShow} />;
}

/** Whether the screen is phone-wide (600 px or less), following rotations and resizes. */
function usePhoneWidth(): boolean {
  const query = '(max-width: 600px)';
  const [phone, setPhone] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const onChange = () => setPhone(m.matches);
    m.addEventListener('change', onChange);
    return () => m.removeEventListener('change', onChange);
  }, []);
  return phone;
}

/**
 * On a phone the legend, the tile filter and order and the hint fold under one line (`summary`, which names an active
 * filter): unfolded they took the whole first screen of a 360-px phone, above the first tile. Elsewhere: shown as they are.
 */
function FoldOnPhone({ summary, children }: { summary: string; children: ComponentChildren }) {
  if (!usePhoneWidth()) return <>{children}</>;
  return (
    <details class="board-fold" data-board-fold>
      <summary>{summary}</summary>
      <div class="board-fold-body">{children}</div>
    </details>
  );
}

/** A labelled row of small buttons, one pressed (the tile filter and the tile order). */
function Toggles<K extends string>(props: { label: string; attr: string; value: K; options: Array<[K, string]>; onPick: (k: K) => void }) {
  return (
    <div class="tile-filter" role="group" aria-label={props.label}>
      <span class="small muted">{props.label}:</span>
      {props.options.map(([k, text]) => (
        <button
          key={k}
          type="button"
          class={`btn small${props.value === k ? ' primary' : ''}`}
          aria-pressed={props.value === k}
          {...{ [props.attr]: k }}
          onClick={() => props.onPick(k)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

type TileSort = 'list' | 'problems';
const SORT_KEY = 'diemcau.board.sort';

/** The tile order chosen on this browser (kept across reloads). */
function savedSort(): TileSort {
  try {
    return localStorage.getItem(SORT_KEY) === 'problems' ? 'problems' : 'list';
  } catch {
    return 'list';
  }
}
function saveSort(v: TileSort): void {
  try {
    localStorage.setItem(SORT_KEY, v);
  } catch {
    /* private mode: not kept */
  }
}

/**
 * Tiles in list order (level, then parent, as the points are listed), or problems first inside each group: offline,
 * unstable, audio/video trouble, absent, left, online. CSS `order` only, so a state change moves one tile without
 * re-rendering the list (10,000 points).
 */
function TileOrder({ sort, setSort }: { sort: TileSort; setSort: (s: TileSort) => void }) {
  const L = liveDict();
  useT();
  const options: Array<[TileSort, string]> = [
    ['list', L.sortList],
    ['problems', L.sortProblems],
  ];
  return <Toggles label={L.sortTiles} attr="data-sort" value={sort} options={options} onPick={setSort} />;
}
