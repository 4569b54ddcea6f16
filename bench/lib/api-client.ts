/**
 * A tiny REST client for the public contract (CONTRACT.md): just what the benchmarks and the simulator need.
 * Uses Node's global fetch; every non-2xx answer throws an `ApiError` carrying the contract's error body.
 */

export type Level = 'central' | 'province' | 'district' | 'commune' | 'enterprise';
export type ConferenceStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface Conference {
  id: string;
  title: string;
  status: ConferenceStatus;
  version: number;
  startsAt: string;
  endsAt: string;
  hostPointId: string;
  points?: Array<{ pointId: string; code: string; name: string; level: Level; role: string }>;
}

export interface CreateConferenceInput {
  title: string;
  description?: string;
  format: 'online' | 'in_person' | 'hybrid';
  category?: string;
  startsAt: string;
  endsAt: string;
  timezone?: string;
  hostPointId: string;
  maxConnectedPoints?: number;
}

export interface InviteInput {
  pointIds?: string[];
  subtreeOf?: string;
  levels?: Level[];
  mode?: 'online' | 'in_person';
  role?: 'host' | 'participant';
  force?: boolean;
}

export interface CheckinLink {
  pointId: string;
  code: string;
  name: string;
  token: string;
  url: string;
  expiresAt: string;
}

export interface PointRow {
  id: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: Array<{ line: number; message: string }>;
}

export interface AgendaItemInput {
  title: string;
  kind: 'opening' | 'report' | 'speech' | 'discussion' | 'break' | 'video' | 'qa' | 'closing';
  durationMinutes: number;
  presenter?: string;
  responsibleUnit?: string;
  pointId?: string;
  notes?: string;
  position?: number;
}

export interface Agenda {
  conferenceId: string;
  version: number;
  items: Array<{ id: string; position: number; title: string }>;
  endsAt: string;
  overrunMinutes: number;
}

export interface PresenceSnapshotBody {
  conferenceId: string;
  seq: number;
  counts: { total: number; online: number; unstable: number; offline: number; absent: number; left: number };
  points: Array<{ pointId: string; state: string }>;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status} ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body).slice(0, 500)}`);
  }
}

export class ApiClient {
  token: string | undefined;

  constructor(
    readonly baseUrl: string,
    token?: string,
  ) {
    this.token = token;
  }

  /** Same server, same token (e.g. to talk to another instance). */
  withBaseUrl(baseUrl: string): ApiClient {
    return new ApiClient(baseUrl, this.token);
  }

  async request<T>(method: string, path: string, body?: unknown, opts: { contentType?: string; timeoutMs?: number; acceptEncoding?: string } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (opts.acceptEncoding) headers['accept-encoding'] = opts.acceptEncoding;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    if (res.status < 200 || res.status >= 300) throw new ApiError(method, path, res.status, parsed);
    return parsed as T;
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.request<{ accessToken: string }>('POST', '/api/auth/login', { username, password });
    this.token = res.accessToken;
    return res.accessToken;
  }

  importPoints(csv: string): Promise<ImportResult> {
    return this.request<ImportResult>('POST', '/api/points/import', csv, { contentType: 'text/csv; charset=utf-8' });
  }

  listPoints(query: Record<string, string | number> = {}): Promise<Page<PointRow>> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.request<Page<PointRow>>('GET', `/api/points${qs ? `?${qs}` : ''}`);
  }

  /** The point with exactly this code (uses `?q=`). */
  async pointByCode(code: string): Promise<PointRow> {
    const page = await this.listPoints({ q: code, limit: 1000 });
    const found = page.items.find((p) => p.code === code);
    if (!found) throw new Error(`point ${code} not found`);
    return found;
  }

  createConference(input: CreateConferenceInput): Promise<Conference> {
    return this.request<Conference>('POST', '/api/conferences', input);
  }

  getConference(id: string): Promise<Conference> {
    return this.request<Conference>('GET', `/api/conferences/${id}`);
  }

  invitePoints(id: string, input: InviteInput): Promise<Conference> {
    return this.request<Conference>('POST', `/api/conferences/${id}/points`, input);
  }

  setStatus(id: string, status: ConferenceStatus, version: number): Promise<Conference> {
    return this.request<Conference>('POST', `/api/conferences/${id}/status`, { status, version });
  }

  /** draft → scheduled → live, from wherever the conference is. */
  async goLive(id: string): Promise<Conference> {
    let c = await this.getConference(id);
    if (c.status === 'draft') c = await this.setStatus(id, 'scheduled', c.version);
    if (c.status === 'scheduled') c = await this.setStatus(id, 'live', c.version);
    if (c.status !== 'live') throw new Error(`conference ${id} is ${c.status}; it cannot go live`);
    return c;
  }

  /** Issues the links of every invited point (revokes the earlier ones). */
  /** The current check-in links (none reissued, none revoked); `[]` before any issue. */
  currentCheckinLinks(id: string): Promise<CheckinLink[]> {
    return this.request<CheckinLink[]>('GET', `/api/conferences/${id}/checkin-links`);
  }

  /** Issues every invited point's link again, revoking the earlier ones. */
  checkinLinks(id: string): Promise<CheckinLink[]> {
    return this.request<CheckinLink[]>('POST', `/api/conferences/${id}/checkin-links`, {});
  }

  getAgenda(id: string): Promise<Agenda> {
    return this.request<Agenda>('GET', `/api/conferences/${id}/agenda`);
  }

  addAgendaItem(id: string, version: number, item: AgendaItemInput): Promise<Agenda> {
    return this.request<Agenda>('POST', `/api/conferences/${id}/agenda/items`, { version, ...item });
  }

  /**
   * The board snapshot. `acceptEncoding` defaults to `identity`: the server's cost of the snapshot, comparable with
   * runs from before it was compressed (fetch itself would ask for gzip); `br` is what a browser gets.
   */
  presence(id: string, acceptEncoding = 'identity'): Promise<PresenceSnapshotBody> {
    return this.request<PresenceSnapshotBody>('GET', `/api/conferences/${id}/presence`, undefined, { acceptEncoding });
  }
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
