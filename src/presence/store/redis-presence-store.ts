import type { RedisService } from '../../redis/redis.service';
import type { Level, PresenceCounts, PresenceState } from '../presence.events';
import type { LiveRecord, RosterPoint } from '../presence-state';
import { TickBatch } from '../../redis/tick-batch';
import { okKeys } from '../readiness/readiness-marks';
import { CLOSED_ROLLCALL_RETAIN_MS } from './memory-presence-store';
import {
  InstanceRegistry,
  InstanceSocket,
  LiveCounts,
  LiveSnapshot,
  LiveStateLostError,
  PLACE_HOLD_MS,
  LiveView,
  PointRecords,
  RollcallHead,
  RollcallState,
  RollcallStore,
} from './presence-store';

/*
 * Live presence state in Redis, shared by every instance (`REDIS_URL` set). Keys, under REDIS_PREFIX:
 *   c:<cid>:loaded            "2" once the roster and the rebuilt records are in ("1": loaded by a version that did not
 *                             keep the rk: counts; the first instance of this version to see it counts them, UPGRADE)
 *   c:<cid>:loadlock          held (SET NX, short TTL) by the instance loading the conference
 *   c:<cid>:roster            hash pointId → RosterPoint JSON;  c:<cid>:order  list of pointIds (roster order)
 *   c:<cid>:r:<pid>           the point's LiveRecord JSON (one key per point: writes to different points never contend)
 *   c:<cid>:counts            hash s:<state>, lt:<level> (total), lo:<level> (online), rk:<key> (points with readiness key
 *                             <key> ok), kept in step with every write
 *   c:<cid>:seq               the board seq (INCR per delta, whichever instance sends it)
 *   c:<cid>:places            sorted set: the connection cap's places taken by check-ins not applied yet, by expiry
 *   c:<cid>:rc                id of the open roll call
 *   rc:<id>                   hash conferenceId, deadline, open;  rc:<id>:t / :ts targets (list, set);  rc:<id>:a / :as answers
 *   rcdue                     sorted set: open roll calls by deadline (any instance closes one whose instance died)
 *   i:<iid>:sockets           set "<cid> <pid> <sid>": the checked-in sockets of instance <iid> (its per-instance socket counts)
 *   i:<iid>:unstable          set "<cid> <pid> ": points that turned unstable there (their grace timer runs on <iid>)
 *   sockowner                 hash "<cid> <pid> <sid>" → instance id
 * Every write is a Lua script (atomic; sent by its hash, `EVALSHA`); `replace` is a compare-and-set on the record's
 * JSON. The record reads and the compare-and-sets of one turn of the event loop go out together (`TickBatch`: one
 * `MGET`, one `UPDATE` script for all of them), so a check-in burst costs a few Redis commands per turn, not several
 * per check-in; each compare-and-set in the script is still checked and applied on its own.
 */

const STATES: readonly PresenceState[] = ['absent', 'online', 'unstable', 'offline', 'left'];

/** Per point (ARGV from 3): id, roster JSON, record JSON, level, state, n readiness keys ok, those keys. */
const LOAD = `
if ARGV[1] == 'load' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local recPrefix = ARGV[2]
local i = 3
while i <= #ARGV do
  local pid, nok = ARGV[i], tonumber(ARGV[i + 5])
  if redis.call('HSETNX', KEYS[2], pid, ARGV[i + 1]) == 1 then
    redis.call('RPUSH', KEYS[3], pid)
    redis.call('SET', recPrefix .. pid, ARGV[i + 2])
    redis.call('HINCRBY', KEYS[4], 'lt:' .. ARGV[i + 3], 1)
    redis.call('HINCRBY', KEYS[4], 's:' .. ARGV[i + 4], 1)
    if ARGV[i + 4] == 'online' then redis.call('HINCRBY', KEYS[4], 'lo:' .. ARGV[i + 3], 1) end
    for j = i + 6, i + 5 + nok do redis.call('HINCRBY', KEYS[4], 'rk:' .. ARGV[j], 1) end
  end
  i = i + 6 + nok
end
if ARGV[1] == 'load' then redis.call('SET', KEYS[1], '2'); redis.call('DEL', KEYS[5]) end
return 1`;

/**
 * Compare-and-sets of several records (KEYS: sockowner, this instance's sockets and unstable sets; ARGV: the key
 * prefix of instances, this instance's id, then per record: record key, counts key, expected JSON, next JSON, level,
 * old state, new state, member prefix "<cid> <pid> ", n added sockets, n removed sockets, n readiness keys turned ok,
 * n turned not ok, then those four lists).
 * Answers 1 (written) or 0 (the record changed meanwhile: nothing of it written) per record.
 */
const UPDATE = `
local ip, me = ARGV[1], ARGV[2]
local out = {}
local i = 3
while i <= #ARGV do
  local rk, ck, old, new, lvl, os, ns, mp = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
  local nadd, nrem, nup, ndown = tonumber(ARGV[i + 8]), tonumber(ARGV[i + 9]), tonumber(ARGV[i + 10]), tonumber(ARGV[i + 11])
  local first = i + 12
  local up = first + nadd + nrem
  i = up + nup + ndown
  if redis.call('GET', rk) ~= old then
    out[#out + 1] = 0
  else
    redis.call('SET', rk, new)
    if os ~= ns then
      redis.call('HINCRBY', ck, 's:' .. os, -1)
      redis.call('HINCRBY', ck, 's:' .. ns, 1)
      if os == 'online' then redis.call('HINCRBY', ck, 'lo:' .. lvl, -1) end
      if ns == 'online' then redis.call('HINCRBY', ck, 'lo:' .. lvl, 1) end
    end
    if ns == 'unstable' then redis.call('SADD', KEYS[3], mp) elseif os == 'unstable' then redis.call('SREM', KEYS[3], mp) end
    for j = first, first + nadd - 1 do
      redis.call('HSET', KEYS[1], mp .. ARGV[j], me)
      redis.call('SADD', KEYS[2], mp .. ARGV[j])
    end
    for j = up, up + nup - 1 do redis.call('HINCRBY', ck, 'rk:' .. ARGV[j], 1) end
    for j = up + nup, i - 1 do redis.call('HINCRBY', ck, 'rk:' .. ARGV[j], -1) end
    for j = first + nadd, up - 1 do
      local member = mp .. ARGV[j]
      local owner = redis.call('HGET', KEYS[1], member)
      if owner then
        redis.call('SREM', ip .. owner .. ':sockets', member)
        redis.call('HDEL', KEYS[1], member)
      end
    end
    out[#out + 1] = 1
  end
end
return out`;

/** Lua: adds `sign` to the counts hash `ck`'s rk:<key> for each readiness key ok in the decoded record `r`. */
const countReadiness = (r: string, ck: string, sign: 1 | -1) => `
    if type(${r}.readiness) == 'table' then
      for k, m in pairs(${r}.readiness) do
        if type(m) == 'table' and m.ok == true then redis.call('HINCRBY', ${ck}, 'rk:' .. k, ${sign}) end
      end
    end`;

/** Removes points no longer invited: roster, order, record and counts (readiness keys ok included). */
const REMOVE = `
local n = 0
for i = 1, #ARGV do
  local pid = ARGV[i]
  local json = redis.call('HGET', KEYS[1], pid)
  if json then
    local lvl = cjson.decode(json).level
    local rec = redis.call('GET', KEYS[4] .. pid)
    redis.call('HDEL', KEYS[1], pid)
    redis.call('LREM', KEYS[2], 0, pid)
    redis.call('HINCRBY', KEYS[3], 'lt:' .. lvl, -1)
    if rec then
      local r = cjson.decode(rec)
      local st = r.state
      redis.call('HINCRBY', KEYS[3], 's:' .. st, -1)
      if st == 'online' then redis.call('HINCRBY', KEYS[3], 'lo:' .. lvl, -1) end${countReadiness('r', 'KEYS[3]', -1)}
      redis.call('DEL', KEYS[4] .. pid)
    end
    n = n + 1
  end
end
return n`;

/**
 * 1 when the conference is loaded, else 0. One loaded by a version that did not keep the readiness counts (`loaded`
 * = "1") gets them counted from its records here, once, and is marked "2". KEYS: loaded, order, counts; ARGV: the
 * record key prefix.
 */
const IS_LOADED = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
if v ~= '1' then return 1 end
for _, f in ipairs(redis.call('HKEYS', KEYS[3])) do
  if string.sub(f, 1, 3) == 'rk:' then redis.call('HDEL', KEYS[3], f) end
end
for _, pid in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local rec = redis.call('GET', ARGV[1] .. pid)
  if rec then
    local r = cjson.decode(rec)${countReadiness('r', 'KEYS[3]', 1)}
  end
end
redis.call('SET', KEYS[1], '2')
return 1`;

const TAKE_DELTA = `
local seq = redis.call('INCR', KEYS[1])
local recs = {}
for i = 2, #ARGV do recs[#recs + 1] = redis.call('GET', ARGV[1] .. ARGV[i]) or false end
return {seq, redis.call('HGETALL', KEYS[2]), recs}`;

const SNAPSHOT = `
local order = redis.call('LRANGE', KEYS[3], 0, -1)
local recs = {}
for i, pid in ipairs(order) do recs[i] = redis.call('GET', ARGV[1] .. pid) or false end
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('HGETALL', KEYS[2]), order, recs, redis.call('EXISTS', KEYS[4])}`;

const COUNTS = `
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('HGETALL', KEYS[2]), redis.call('EXISTS', KEYS[3])}`;

/**
 * Takes a place under the cap when the points online or unstable and the places taken leave one (expired places freed
 * first, on Redis's clock). KEYS: loaded, counts, places; ARGV: cap, holder, hold ms. {held 0|1, counted}; -1: lost.
 */
const HOLD_PLACE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local counted = tonumber(redis.call('HGET', KEYS[2], 's:online') or '0') + tonumber(redis.call('HGET', KEYS[2], 's:unstable') or '0')
if counted + redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[1]) then return {0, counted} end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[3]))
return {1, counted}`;

const START_ROLLCALL = `
local cur = redis.call('GET', KEYS[2])
-- An open roll call past its deadline (its instance died before closing it) does not block a new one.
if cur and redis.call('HGET', ARGV[4] .. cur, 'open') == '1' and tonumber(redis.call('HGET', ARGV[4] .. cur, 'deadline')) > tonumber(ARGV[5]) then return 0 end
redis.call('HSET', KEYS[1], 'conferenceId', ARGV[2], 'deadline', ARGV[3], 'open', '1')
for i = 6, #ARGV do
  if redis.call('SADD', KEYS[4], ARGV[i]) == 1 then redis.call('RPUSH', KEYS[3], ARGV[i]) end
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
return 1`;

const READ_ROLLCALL = `
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then return false end
return {h, redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[3], 0, -1)}`;

/** A roll call's head and whether ARGV[1] answered it (the answers' set, not the lists). */
const READ_ROLLCALL_HEAD = `
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then return false end
return {h, redis.call('SISMEMBER', KEYS[2], ARGV[1])}`;

/** Adds to an open roll call's list (targets or answers) once. */
const ADD_ONCE = `
if redis.call('HGET', KEYS[1], 'open') ~= '1' then return 0 end
if redis.call('SADD', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1`;

/** Closes an open roll call: 1 for the one caller that closed it. Its keys expire after ARGV[3] ms. */
const CLOSE_ROLLCALL = `
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('HGET', KEYS[1], 'open') ~= '1' then return 0 end
local cid = redis.call('HGET', KEYS[1], 'conferenceId')
redis.call('HSET', KEYS[1], 'open', '0')
local ck = ARGV[1] .. cid .. ':rc'
if redis.call('GET', ck) == ARGV[2] then redis.call('DEL', ck) end
for i = 3, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** How long an instance waits for another one to finish loading a conference before loading it itself. */
const LOAD_LOCK_MS = 10_000;

/** A hash reply: a flat [field, value, …] array (from a script) or an object (node-redis maps HGETALL's reply). */
function pairs(flat: unknown): Map<string, string> {
  if (!Array.isArray(flat)) return new Map(Object.entries((flat ?? {}) as Record<string, string>));
  const m = new Map<string, string>();
  const a = flat as string[];
  for (let i = 0; i < a.length; i += 2) m.set(a[i], a[i + 1]);
  return m;
}

/** The counts hash: the board's counts and the readiness keys ok. */
function toCounts(flat: unknown): { counts: PresenceCounts; readinessOk: Record<string, number> } {
  const h = pairs(flat);
  const n = (k: string) => Number(h.get(k) ?? 0);
  const byLevel: PresenceCounts['byLevel'] = {};
  for (const k of h.keys()) {
    if (!k.startsWith('lt:')) continue;
    const level = k.slice(3) as Level;
    byLevel[level] = { total: n(k), online: n(`lo:${level}`) };
  }
  const readinessOk: Record<string, number> = {};
  for (const [k, v] of h) if (k.startsWith('rk:') && Number(v) > 0) readinessOk[k.slice(3)] = Number(v);
  const byState = Object.fromEntries(STATES.map((s) => [s, n(`s:${s}`)])) as Record<PresenceState, number>;
  return { counts: { total: STATES.reduce((t, s) => t + byState[s], 0), ...byState, byLevel }, readinessOk };
}

/** A roll call's hash (`rc:<id>`: conferenceId, deadline, open) as the stores' roll calls carry it. */
function rollcallHash(id: string, flat: string[]): Pick<RollcallState, 'id' | 'conferenceId' | 'deadline' | 'open'> {
  const h = pairs(flat);
  return { id, conferenceId: h.get('conferenceId')!, deadline: Number(h.get('deadline')), open: h.get('open') === '1' };
}

/** A roster read from Redis, shared by the callers that wait for it. */
interface RosterRead {
  pending: boolean;
  roster: Promise<Map<string, RosterPoint>>;
}

export class RedisPresenceStore implements PointRecords, RollcallStore, InstanceRegistry {
  /** Roster points never change once added: cached per conference. */
  private readonly rosters = new Map<string, RosterRead>();
  private readonly loadedHere = new Set<string>();
  /** Conferences this instance had loaded and then found gone (or may have: its lease had vanished). */
  private readonly lostHere = new Set<string>();

  /** The raw JSON each record was read from: `replace` compares it (compare-and-set). */
  private readonly raws = new WeakMap<LiveRecord, string>();
  /** The `GET`s of one turn as one `MGET`. */
  private readonly gets = new TickBatch<string, string | null>(async (keys) =>
    keys.length === 1
      ? [(await this.redis.command(['GET', keys[0]])) as string | null]
      : ((await this.redis.command(['MGET', ...keys])) as Array<string | null>),
  );
  /** The compare-and-sets of one turn as one `UPDATE` script (arguments per record, see UPDATE). */
  private readonly updates = new TickBatch<string[], boolean>(async (items) => {
    const keys = [this.redis.key('sockowner'), this.redis.key('i', this.redis.instanceId, 'sockets'), this.redis.key('i', this.redis.instanceId, 'unstable')];
    const out = (await this.redis.eval(UPDATE, keys, [this.redis.key('i', ''), this.redis.instanceId, ...items.flat()])) as number[];
    return out.map((n) => n === 1);
  });

  constructor(private readonly redis: RedisService) {
    // Our lease had vanished: Redis may have lost everything (restart without persistence, flush). Ask it again.
    redis.onLeaseLost(() => this.forgetAll());
  }

  private forgetAll(): void {
    for (const id of this.loadedHere) this.lostHere.add(id);
    this.loadedHere.clear();
    this.rosters.clear();
  }

  private lost(conferenceId: string): LiveStateLostError {
    this.lostHere.add(conferenceId);
    this.loadedHere.delete(conferenceId);
    this.rosters.delete(conferenceId);
    return new LiveStateLostError(conferenceId);
  }

  private k(conferenceId: string, ...parts: string[]): string {
    return this.redis.key('c', conferenceId, ...parts);
  }

  private recPrefix(conferenceId: string): string {
    return `${this.k(conferenceId, 'r')}:`;
  }

  /** True when the conference is in Redis (remembered once seen; forgotten when Redis is found to have lost it). */
  async isLoaded(conferenceId: string): Promise<boolean> {
    if (this.loadedHere.has(conferenceId)) return true;
    // Loaded by the previous version: its readiness counts are made by the same script, once.
    const keys = [this.k(conferenceId, 'loaded'), this.k(conferenceId, 'order'), this.k(conferenceId, 'counts')];
    if ((await this.redis.eval(IS_LOADED, keys, [this.recPrefix(conferenceId)])) !== 1) return false;
    this.loadedHere.add(conferenceId);
    this.lostHere.delete(conferenceId); // another instance rebuilt it
    return true;
  }

  /**
   * When the conference is not in Redis, takes the load lock and answers true (the caller loads it); when another
   * instance holds the lock, waits for its load (so the event log's restart lines are written once, by one instance).
   */
  async claimLoad(conferenceId: string): Promise<boolean> {
    const deadline = Date.now() + LOAD_LOCK_MS + 1000;
    for (;;) {
      if (await this.isLoaded(conferenceId)) return false;
      const lock = await this.redis.command(['SET', this.k(conferenceId, 'loadlock'), this.redis.instanceId, 'NX', 'PX', String(LOAD_LOCK_MS)]);
      if (lock === 'OK' || Date.now() > deadline) return true;
      // Ours already (a load of ours that failed, e.g. the event log could not be written): load again now.
      if ((await this.redis.command(['GET', this.k(conferenceId, 'loadlock')])) === this.redis.instanceId) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async writeRoster(
    mode: 'load' | 'add',
    conferenceId: string,
    points: readonly RosterPoint[],
    records: ReadonlyMap<string, LiveRecord>,
  ): Promise<void> {
    const args: string[] = [mode, this.recPrefix(conferenceId)];
    for (const p of points) {
      const r = records.get(p.pointId)!;
      const ok = okKeys(r.readiness);
      args.push(p.pointId, JSON.stringify(p), JSON.stringify(r), p.level, r.state, String(ok.length), ...ok);
    }
    const keys = ['loaded', 'roster', 'order', 'counts', 'loadlock'].map((k) => this.k(conferenceId, k));
    await this.redis.eval(LOAD, keys, args);
    if (mode === 'load') {
      this.loadedHere.add(conferenceId);
      this.lostHere.delete(conferenceId);
    }
  }

  wasLost(conferenceId: string): boolean {
    return this.lostHere.has(conferenceId);
  }

  load(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void> {
    return this.writeRoster('load', conferenceId, points, records);
  }

  async changeRoster(conferenceId: string, added: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>, removed: readonly string[]): Promise<void> {
    if (added.length) await this.writeRoster('add', conferenceId, added, records);
    if (removed.length) {
      await this.redis.eval(
        REMOVE,
        [this.k(conferenceId, 'roster'), this.k(conferenceId, 'order'), this.k(conferenceId, 'counts'), this.recPrefix(conferenceId)],
        [...removed],
      );
    }
    this.rosters.delete(conferenceId);
  }

  /**
   * The conference's roster, read once and shared: concurrent callers (a burst of check-ins reaching an instance whose
   * copy is cold or was just dropped) wait for one `HGETALL` instead of each reading and parsing the whole roster
   * (measured behind nginx, 2,000 points on two instances: the burst took 12.7 s and 5.7 ms of CPU per check-in,
   * nearly all of it in thousands of parallel roster reads). `refresh` reads it again unless a read that started
   * after the caller's miss is still under way.
   */
  private roster(conferenceId: string, refresh = false): Promise<Map<string, RosterPoint>> {
    const held = this.rosters.get(conferenceId);
    if (held && (!refresh || held.pending)) return held.roster;
    const roster = this.redis.command(['HGETALL', this.k(conferenceId, 'roster')]).then(
      (raw) => {
        entry.pending = false;
        return new Map([...pairs(raw)].map(([id, json]) => [id, JSON.parse(json) as RosterPoint]));
      },
      (e: unknown) => {
        // Not kept: the next caller reads again.
        if (this.rosters.get(conferenceId) === entry) this.rosters.delete(conferenceId);
        throw e;
      },
    );
    const entry: RosterRead = { pending: true, roster };
    this.rosters.set(conferenceId, entry);
    return entry.roster;
  }

  async point(conferenceId: string, pointId: string): Promise<RosterPoint | null> {
    return (await this.roster(conferenceId)).get(pointId) ?? (await this.roster(conferenceId, true)).get(pointId) ?? null;
  }

  async read(conferenceId: string, pointId: string): Promise<LiveRecord | null> {
    const raw = await this.gets.add(this.k(conferenceId, 'r', pointId));
    if (raw === null) {
      // Removed from the roster, or Redis lost the conference altogether.
      if ((await this.redis.command(['EXISTS', this.k(conferenceId, 'loaded')])) !== 1) throw this.lost(conferenceId);
      this.rosters.delete(conferenceId);
      return null;
    }
    const record = JSON.parse(raw) as LiveRecord;
    this.raws.set(record, raw);
    return record;
  }

  async replace(conferenceId: string, pointId: string, expected: LiveRecord, next: LiveRecord): Promise<boolean> {
    const point = await this.point(conferenceId, pointId);
    if (!point) return false;
    if (next === expected) return true;
    const raw = this.raws.get(expected) ?? JSON.stringify(expected);
    const added = next.sockets.filter((s) => !expected.sockets.includes(s));
    const removed = expected.sockets.filter((s) => !next.sockets.includes(s));
    // Most writes (a status, an ack, a socket) keep the marks object: no key turned.
    const same = next.readiness === expected.readiness;
    const okBefore = same ? [] : okKeys(expected.readiness);
    const okAfter = same ? [] : okKeys(next.readiness);
    const up = okAfter.filter((k) => !okBefore.includes(k));
    const down = okBefore.filter((k) => !okAfter.includes(k));
    return this.updates.add([
      this.k(conferenceId, 'r', pointId),
      this.k(conferenceId, 'counts'),
      raw,
      JSON.stringify(next),
      point.level,
      expected.state,
      next.state,
      `${conferenceId} ${pointId} `,
      String(added.length),
      String(removed.length),
      String(up.length),
      String(down.length),
      ...added,
      ...removed,
      ...up,
      ...down,
    ]);
  }

  async views(conferenceId: string, pointIds: readonly string[]): Promise<LiveView[]> {
    if (pointIds.length === 0) return [];
    const roster = await this.roster(conferenceId);
    const raws = (await this.redis.command(['MGET', ...pointIds.map((id) => this.k(conferenceId, 'r', id))])) as Array<string | null>;
    return this.toViews(roster, pointIds, raws);
  }

  private toViews(roster: Map<string, RosterPoint>, pointIds: readonly string[], raws: Array<string | null>): LiveView[] {
    const out: LiveView[] = [];
    pointIds.forEach((id, i) => {
      const point = roster.get(id);
      const raw = raws[i];
      if (point && raw) out.push({ point, record: JSON.parse(raw) as LiveRecord });
    });
    return out;
  }

  async all(conferenceId: string): Promise<LiveView[]> {
    return (await this.snapshot(conferenceId)).views;
  }

  async takeDelta(conferenceId: string, pointIds: readonly string[]): Promise<LiveSnapshot> {
    const [seq, counts, raws] = (await this.redis.eval(
      TAKE_DELTA,
      [this.k(conferenceId, 'seq'), this.k(conferenceId, 'counts')],
      [this.recPrefix(conferenceId), ...pointIds],
    )) as [number, string[], Array<string | null>];
    let roster = await this.roster(conferenceId);
    if (pointIds.some((id) => !roster.has(id))) roster = await this.roster(conferenceId, true);
    return { seq, ...toCounts(counts), views: this.toViews(roster, pointIds, raws) };
  }

  async snapshot(conferenceId: string): Promise<LiveSnapshot> {
    const [seq, counts, order, raws, loaded] = (await this.redis.eval(
      SNAPSHOT,
      [this.k(conferenceId, 'seq'), this.k(conferenceId, 'counts'), this.k(conferenceId, 'order'), this.k(conferenceId, 'loaded')],
      [this.recPrefix(conferenceId)],
    )) as [number, string[], string[], Array<string | null>, number];
    if (loaded !== 1) throw this.lost(conferenceId);
    let roster = await this.roster(conferenceId);
    if (roster.size < order.length) roster = await this.roster(conferenceId, true);
    return { seq, ...toCounts(counts), views: this.toViews(roster, order, raws) };
  }

  async counts(conferenceId: string): Promise<LiveCounts> {
    const [seq, counts, loaded] = (await this.redis.eval(
      COUNTS,
      [this.k(conferenceId, 'seq'), this.k(conferenceId, 'counts'), this.k(conferenceId, 'loaded')],
      [],
    )) as [number, string[], number];
    if (loaded !== 1) throw this.lost(conferenceId);
    return { seq, ...toCounts(counts) };
  }

  async holdPlace(conferenceId: string, cap: number, holder: string): Promise<{ held: boolean; counted: number }> {
    const got = (await this.redis.eval(
      HOLD_PLACE,
      [this.k(conferenceId, 'loaded'), this.k(conferenceId, 'counts'), this.k(conferenceId, 'places')],
      [cap, holder, PLACE_HOLD_MS],
    )) as [number, number] | number;
    if (got === -1 || !Array.isArray(got)) throw this.lost(conferenceId);
    return { held: got[0] === 1, counted: got[1] };
  }

  async releasePlace(conferenceId: string, holder: string): Promise<void> {
    await this.redis.command(['ZREM', this.k(conferenceId, 'places'), holder]);
  }

  async forget(conferenceId: string): Promise<void> {
    this.loadedHere.delete(conferenceId);
    this.rosters.delete(conferenceId);
  }

  // ---- roll calls -------------------------------------------------------------------------------

  private rc(id: string, part?: string): string {
    return part ? this.redis.key('rc', id, part) : this.redis.key('rc', id);
  }

  async startRollcall(r: RollcallState): Promise<boolean> {
    const ok = await this.redis.eval(
      START_ROLLCALL,
      [this.rc(r.id), this.k(r.conferenceId, 'rc'), this.rc(r.id, 't'), this.rc(r.id, 'ts'), this.redis.key('rcdue')],
      [r.id, r.conferenceId, r.deadline, this.redis.key('rc', ''), Date.now(), ...r.targets],
    );
    if (ok === 1 && r.answered.length) for (const p of r.answered) await this.answerRollcall(r.id, p);
    return ok === 1;
  }

  async rollcall(id: string): Promise<RollcallState | null> {
    const got = (await this.redis.eval(READ_ROLLCALL, [this.rc(id), this.rc(id, 't'), this.rc(id, 'a')], [])) as [string[], string[], string[]] | null;
    if (!got) return null;
    return { ...rollcallHash(id, got[0]), targets: got[1], answered: got[2] };
  }

  async rollcallFor(id: string, pointId: string): Promise<RollcallHead | null> {
    const got = (await this.redis.eval(READ_ROLLCALL_HEAD, [this.rc(id), this.rc(id, 'as')], [pointId])) as [string[], number] | null;
    if (!got) return null;
    return { ...rollcallHash(id, got[0]), answeredByPoint: got[1] === 1 };
  }

  async openRollcallFor(conferenceId: string, pointId: string): Promise<RollcallHead | null> {
    const id = await this.gets.add(this.k(conferenceId, 'rc'));
    if (!id) return null;
    const r = await this.rollcallFor(id, pointId);
    return r?.open ? r : null;
  }

  async addRollcallTarget(id: string, pointId: string): Promise<boolean> {
    return (await this.redis.eval(ADD_ONCE, [this.rc(id), this.rc(id, 't'), this.rc(id, 'ts')], [pointId])) === 1;
  }

  async answerRollcall(id: string, pointId: string): Promise<boolean> {
    return (await this.redis.eval(ADD_ONCE, [this.rc(id), this.rc(id, 'a'), this.rc(id, 'as')], [pointId])) === 1;
  }

  async closeRollcall(id: string): Promise<boolean> {
    const keys = [this.rc(id), this.redis.key('rcdue'), ...['t', 'ts', 'a', 'as'].map((p) => this.rc(id, p))];
    return (await this.redis.eval(CLOSE_ROLLCALL, keys, [this.redis.key('c', ''), id, CLOSED_ROLLCALL_RETAIN_MS])) === 1;
  }

  async dueRollcalls(now: number): Promise<string[]> {
    return (await this.redis.command(['ZRANGEBYSCORE', this.redis.key('rcdue'), '-inf', String(now)])) as string[];
  }

  // ---- instances ---------------------------------------------------------------------------------

  /** The checked-in sockets recorded for an instance (for the take-over after it died). */
  async instanceSockets(instanceId: string): Promise<InstanceSocket[]> {
    const members = (await this.redis.command(['SMEMBERS', this.redis.key('i', instanceId, 'sockets')])) as string[];
    return members.map((m) => {
      const [conferenceId, pointId, socketId] = m.split(' ');
      return { conferenceId, pointId, socketId };
    });
  }

  /** Points that turned unstable on an instance (their grace timers ran there); some may be back or offline since. */
  async instanceUnstable(instanceId: string): Promise<Array<{ conferenceId: string; pointId: string }>> {
    const members = (await this.redis.command(['SMEMBERS', this.redis.key('i', instanceId, 'unstable')])) as string[];
    return members.map((m) => {
      const [conferenceId, pointId] = m.split(' ');
      return { conferenceId, pointId };
    });
  }

  /** Forgets a dead instance's sets (after its sockets were dropped and its grace timers re-armed elsewhere). */
  async forgetInstance(instanceId: string): Promise<void> {
    await this.redis.command(['DEL', this.redis.key('i', instanceId, 'sockets'), this.redis.key('i', instanceId, 'unstable')]);
  }
}
