/**
 * `npm run simulate -- --conference <id> --points N [--drop-rate r] [--url http://localhost:3000]
 *                     [--username bantochuc --password …] [--duration s]`
 *
 * Brings a conference's board to life: N bridge points (the first N of the conference's check-in links)
 * connect, check in, report audio/video now and then, answer roll calls, acknowledge agenda changes,
 * and a fraction of them drop and come back a few seconds later, in a loop, until Ctrl-C or --duration.
 * Prints one line per second. Uses the public REST + Socket.IO interface only.
 *
 * It uses the conference's current check-in links (`GET …/checkin-links`) and issues them only when there are none.
 */
import { parseArgs } from 'node:util';
import { io, Socket } from 'socket.io-client';
import type { PresenceCounts, PresenceDelta, PresenceSnapshot, RollcallPrompt } from '../src/presence/presence.events';
import { ApiClient, ApiError, CheckinLink, Conference } from './lib/api-client';

/** The demo's organizer (src/demo), who may issue check-in links and watch the board. */
const DEMO_ORGANIZER = { username: 'bantochuc', password: 'BanToChuc@2021' };

const { values: args } = parseArgs({
  options: {
    conference: { type: 'string' },
    points: { type: 'string' },
    'drop-rate': { type: 'string', default: '0.1' },
    'drop-every': { type: 'string', default: '10' },
    'status-every': { type: 'string', default: '20' },
    url: { type: 'string', default: process.env.SIMULATE_URL ?? 'http://localhost:3000' },
    username: { type: 'string', default: process.env.SIMULATE_USERNAME ?? DEMO_ORGANIZER.username },
    password: { type: 'string', default: process.env.SIMULATE_PASSWORD },
    duration: { type: 'string' },
    'set-live': { type: 'boolean', default: false },
    checkout: { type: 'boolean', default: false },
    batch: { type: 'string', default: '100' },
    help: { type: 'boolean', default: false },
  },
});

const USAGE = `npm run simulate -- [--conference <id>] [--points N] [--drop-rate 0.1] [--drop-every 10] [--status-every 20]
    [--url http://localhost:3000] [--username bantochuc --password …] [--duration <seconds>] [--set-live] [--checkout] [--batch 100]

  --conference   the conference (default: the first live one, else the first scheduled one)
  --points       how many points to simulate: the first N check-in links (default: every invited point)
  --drop-rate    fraction of the online points that drop every --drop-every seconds and come back 2–8 s later
  --status-every seconds between two audio/video reports of a point (jittered)
  --username/--password  an organizer or admin (default the demo organizer; env SIMULATE_USERNAME/SIMULATE_PASSWORD)
  --set-live     move a draft/scheduled conference to live first
  --checkout     check every point out when stopping (default: just disconnect, as closed laptops do)
The current check-in links are used (issued only when the conference has none), so nothing is revoked.`;

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

type AckBody = { ok?: boolean; state?: string; error?: { code?: string; message?: string } } | undefined;
type SiteState = 'connecting' | 'checking-in' | 'online' | 'dropped' | 'refused' | 'stopped';

const stats = {
  acksOk: 0,
  acksFailed: 0,
  checkins: 0,
  drops: 0,
  rejoins: 0,
  statusReports: 0,
  rollcalls: 0,
  rollcallAnswers: 0,
  notices: 0,
  agendaAcks: 0,
  lastError: '',
};

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const rand = (min: number, max: number) => min + Math.random() * (max - min);

class Site {
  state: SiteState = 'connecting';
  readonly socket: Socket;
  private statusTimer: NodeJS.Timeout | undefined;
  private rejoinTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly link: CheckinLink,
    private readonly url: string,
    private readonly conferenceId: string,
    private readonly statusEveryMs: number,
  ) {
    this.socket = io(`${url}/live`, {
      transports: ['websocket'],
      auth: { token: link.token },
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => void this.checkin());
    this.socket.on('disconnect', (reason) => {
      clearTimeout(this.statusTimer);
      if (this.state === 'online' || this.state === 'checking-in') this.state = reason === 'io client disconnect' ? 'dropped' : 'connecting';
      // Socket.IO reconnects by itself after a network loss, but not when the server closed the socket.
      if (reason === 'io server disconnect' && this.state === 'connecting') {
        stats.lastError = `${link.code}: disconnected by the server`;
        this.rejoinTimer = setTimeout(() => this.socket.connect(), rand(2000, 5000));
      }
    });
    this.socket.on('connect_error', (e: Error) => {
      stats.lastError = `${link.code}: connect_error ${e.message}`;
      if (e.message === 'unauthorized') {
        this.state = 'refused';
        this.socket.disconnect();
      }
    });
    this.socket.on('rollcall', (r: RollcallPrompt) => {
      stats.rollcalls++;
      // Someone at the site clicks "present" after a moment.
      setTimeout(() => void this.emit('rollcall:answer', { rollcallId: r.rollcallId }).then((ok) => ok && stats.rollcallAnswers++), rand(300, 3000)).unref();
    });
    this.socket.on('agenda', (a: { version: number }) => {
      void this.emit('agenda:ack', { conferenceId: this.conferenceId, version: a.version }).then((ok) => ok && stats.agendaAcks++);
    });
    this.socket.on('notice', () => stats.notices++);
  }

  /** Opens the socket; resolves once it is connected or refused (bounded). */
  start(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => resolve();
      this.socket.once('connect', done);
      this.socket.once('connect_error', done);
      setTimeout(done, 15_000).unref();
      this.socket.connect();
    });
  }

  private async emit(event: string, payload: object): Promise<boolean> {
    try {
      const res = (await this.socket.timeout(10_000).emitWithAck(event, payload)) as AckBody;
      if (res?.ok) {
        stats.acksOk++;
        return true;
      }
      stats.acksFailed++;
      stats.lastError = `${this.link.code}: ${event} → ${res?.error?.code ?? '?'} ${res?.error?.message ?? JSON.stringify(res)}`;
    } catch (e) {
      if (this.state === 'stopped') return false; // in flight when the simulator stopped
      stats.acksFailed++;
      stats.lastError = `${this.link.code}: ${event} → ${e instanceof Error ? e.message : String(e)}`;
    }
    return false;
  }

  private async checkin(): Promise<void> {
    this.state = 'checking-in';
    const ok = await this.emit('checkin', { conferenceId: this.conferenceId });
    if (!this.socket.connected) return;
    if (!ok) {
      this.state = 'refused';
      return;
    }
    stats.checkins++;
    this.state = 'online';
    await this.reportStatus();
  }

  /** Audio/video as the site sees them: mostly fine, sometimes not. */
  private async reportStatus(): Promise<void> {
    clearTimeout(this.statusTimer);
    if (this.state !== 'online') return;
    const audio = Math.random() < 0.03 ? 'fail' : 'ok';
    const video = Math.random() < 0.05 ? 'fail' : 'ok';
    const note = video === 'fail' ? 'Mất hình từ phía điểm cầu, đang kiểm tra đường truyền' : undefined;
    if (await this.emit('status', { conferenceId: this.conferenceId, audio, video, ...(note ? { note } : {}) })) stats.statusReports++;
    this.statusTimer = setTimeout(() => void this.reportStatus(), this.statusEveryMs * rand(0.7, 1.3));
    this.statusTimer.unref();
  }

  /** Drops the connection now and comes back after a few seconds. */
  drop(): void {
    if (this.state !== 'online') return;
    stats.drops++;
    this.socket.disconnect();
    this.state = 'dropped';
    this.rejoinTimer = setTimeout(
      () => {
        if (this.state !== 'dropped') return;
        stats.rejoins++;
        this.state = 'connecting';
        this.socket.connect();
      },
      rand(2000, 8000),
    );
  }

  async stop(checkout: boolean): Promise<void> {
    clearTimeout(this.statusTimer);
    clearTimeout(this.rejoinTimer);
    if (checkout && this.state === 'online') await this.emit('checkout', { conferenceId: this.conferenceId });
    this.state = 'stopped';
    this.socket.disconnect();
  }
}

async function pickConference(api: ApiClient, id: string | undefined): Promise<Conference> {
  if (id) return api.getConference(id);
  const page = await api.request<{ items: Conference[] }>('GET', '/api/conferences?limit=1000');
  const chosen = page.items.find((c) => c.status === 'live') ?? page.items.find((c) => c.status === 'scheduled');
  if (!chosen) {
    const list = page.items.map((c) => `  ${c.id}  ${c.status.padEnd(9)} ${c.title}`).join('\n');
    fail(`No live or scheduled conference; pass --conference <id> (and --set-live). Conferences:\n${list}`);
  }
  console.log(`Hội nghị / conference: ${chosen.title} (${chosen.id}, ${chosen.status})`);
  return chosen;
}

async function main(): Promise<void> {
  const url = args.url!.replace(/\/$/, '');
  const password = args.password ?? (args.username === DEMO_ORGANIZER.username ? DEMO_ORGANIZER.password : undefined);
  if (!password) fail('Pass --password (or set SIMULATE_PASSWORD) for that user.');
  const dropRate = Number(args['drop-rate']);
  if (!(dropRate >= 0 && dropRate <= 1)) fail('--drop-rate must be between 0 and 1');
  const dropEveryMs = Number(args['drop-every']) * 1000;
  const statusEveryMs = Number(args['status-every']) * 1000;
  const durationS = args.duration ? Number(args.duration) : undefined;
  const batch = Math.max(1, Number(args.batch));

  const api = new ApiClient(url);
  try {
    await api.login(args.username!, password);
  } catch (e) {
    fail(
      e instanceof ApiError ? `Sign-in as ${args.username} at ${url} failed (${e.status}). Check --username/--password.` : `Cannot reach ${url}: ${String(e)}`,
    );
  }
  let conference = await pickConference(api, args.conference);
  if (args['set-live'] && (conference.status === 'draft' || conference.status === 'scheduled')) conference = await api.goLive(conference.id);
  if (conference.status !== 'live' && conference.status !== 'scheduled')
    fail(
      `The conference is ${conference.status}: points can check in only while it is scheduled or live${conference.status === 'draft' ? ' (pass --set-live)' : ''}.`,
    );

  // The current links (so points and pages already holding them keep working); issued only when there are none yet.
  const current = await api.currentCheckinLinks(conference.id);
  const links = current.length ? current : await api.checkinLinks(conference.id);
  const n = args.points ? Math.min(Number(args.points), links.length) : links.length;
  if (args.points && Number(args.points) > links.length) console.log(`Only ${links.length} points are invited: simulating ${links.length}.`);
  console.log(`${current.length ? 'Using the' : 'Issued'} ${links.length} check-in links; simulating ${n} points at ${url}.`);

  // The board: the server's own counts, for comparison with what the simulator believes.
  let counts: PresenceCounts | undefined;
  let seq = 0;
  let gaps = 0;
  const board = io(`${url}/live`, { transports: ['websocket'], auth: { token: api.token } });
  board.on('connect', () => {
    board.emit('board:join', { conferenceId: conference.id }, (res: { ok?: boolean; snapshot?: PresenceSnapshot; error?: { message?: string } }) => {
      if (res?.ok && res.snapshot) {
        counts = res.snapshot.counts;
        seq = res.snapshot.seq;
      } else stats.lastError = `board:join → ${res?.error?.message ?? JSON.stringify(res)}`;
    });
  });
  board.on('presence', (d: PresenceDelta) => {
    if (seq && d.seq !== seq + 1) gaps++;
    seq = d.seq;
    counts = d.counts;
  });

  const sites = links.slice(0, n).map((l) => new Site(l, url, conference.id, statusEveryMs));
  const t0 = Date.now();
  let stopping = false;
  const tally = () => {
    const c: Record<SiteState, number> = { connecting: 0, 'checking-in': 0, online: 0, dropped: 0, refused: 0, stopped: 0 };
    for (const s of sites) c[s.state]++;
    return c;
  };
  const line = () => {
    const c = tally();
    const b = counts
      ? `board: online ${counts.online} unstable ${counts.unstable} offline ${counts.offline} absent ${counts.absent} left ${counts.left} (seq ${seq}${gaps ? `, ${gaps} gaps` : ''})`
      : 'board: —';
    const t = Math.round((Date.now() - t0) / 1000);
    console.log(
      `t=${String(t).padStart(4)}s  points online ${c.online}/${n}, connecting ${c.connecting + c['checking-in']}, dropped ${c.dropped}, refused ${c.refused} | ` +
        `acks ok ${stats.acksOk} failed ${stats.acksFailed} | drops ${stats.drops} status ${stats.statusReports} rollcalls ${stats.rollcalls}/${stats.rollcallAnswers} answered, notices ${stats.notices} | ${b}`,
    );
    if (stats.lastError) {
      console.log(`        last error: ${stats.lastError}`);
      stats.lastError = '';
    }
  };
  const ticker = setInterval(line, 1000);

  // Drops: every --drop-every seconds a fraction of the online points lose their connection.
  const dropper = setInterval(() => {
    const online = sites.filter((s) => s.state === 'online');
    const k = Math.round(online.length * dropRate);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(Math.random() * (online.length - i));
      [online[i], online[j]] = [online[j], online[i]];
      online[i].drop();
    }
  }, dropEveryMs);

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    clearInterval(dropper);
    console.log(`\n${why}: ${args.checkout ? 'checking out and ' : ''}disconnecting ${n} points…`);
    for (let i = 0; i < sites.length; i += batch) await Promise.all(sites.slice(i, i + batch).map((s) => s.stop(!!args.checkout)));
    await new Promise((r) => setTimeout(r, 500)); // let the board's last delta arrive
    line();
    board.disconnect();
    console.log(
      `Done after ${Math.round((Date.now() - t0) / 1000)} s: ${stats.checkins} check-ins, ${stats.drops} drops, ${stats.statusReports} status reports, ${stats.rollcallAnswers} roll-call answers.`,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started by another program (e.g. `npm start`'s demo) that went away without stopping us: stop too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop('parent process gone'), 1000).unref();
  if (durationS) setTimeout(() => void stop(`${durationS} s elapsed`), durationS * 1000);

  for (let i = 0; i < sites.length && !stopping; i += batch) await Promise.all(sites.slice(i, i + batch).map((s) => s.start()));
}

main().catch((e: unknown) => fail(`simulate failed: ${e instanceof Error ? e.message : String(e)}`));
