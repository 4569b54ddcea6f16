import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { bare, liveConference, type LiveConference } from '../helpers/live-client';
import { makePoint } from '../helpers/points.factory';
import { login, type TestApp, userWithRole } from '../helpers/test-app';

/**
 * Who calls, for the drills (authorization matrix, fuzz): one token of each kind, on one live conference.
 * `link` is the check-in link of a point invited to that conference, `point` a point staff account of the same point,
 * `metrics` the METRICS_TOKEN (a bearer that is not a user), `anonymous` no token at all.
 */
export const PRINCIPALS = ['anonymous', 'metrics', 'link', 'point', 'operator', 'organizer', 'admin'] as const;
export type PrincipalKind = (typeof PRINCIPALS)[number];

export const METRICS_TOKEN = 'metrics-token-of-the-drills';

export interface DrillWorld {
  c: LiveConference;
  /** Bearer header per principal ('' for anonymous). */
  bearer: Record<PrincipalKind, string>;
  /** Ids that the routes' path parameters take. */
  ids: { id: string; pointId: string; itemId: string };
}

export async function drillWorld(t: TestApp): Promise<DrillWorld> {
  const c = await liveConference(t, ['district', 'commune']);
  const pointId = c.points[0].id;
  const agenda = await t
    .http()
    .post(`/api/conferences/${c.conference.id}/agenda/items`)
    .set('Authorization', c.organizer)
    .send({ version: 1, title: 'Khai mạc', kind: 'opening', durationMinutes: 10 });
  if (agenda.status !== 201) throw new Error(`agenda item: ${agenda.status} ${JSON.stringify(agenda.body)}`);
  const bearer: Record<PrincipalKind, string> = {
    anonymous: '',
    metrics: `Bearer ${METRICS_TOKEN}`,
    link: `Bearer ${c.links.get(pointId)!}`,
    point: await userWithRole(t, 'point', pointId),
    operator: await userWithRole(t, 'operator'),
    organizer: c.organizer,
    admin: await login(t),
  };
  await makePoint(t, { level: 'enterprise' });
  return { c, bearer, ids: { id: c.conference.id, pointId, itemId: agenda.body.items[0].id as string } };
}

export const tokenOf = (w: DrillWorld, p: PrincipalKind): string | undefined => (w.bearer[p] ? bare(w.bearer[p]) : undefined);

/** Client-to-server events, read from the one place they are declared (`ClientToServerEvents` in presence.events.ts). */
export function clientEvents(): string[] {
  const source = readFileSync(join(process.cwd(), 'src', 'presence', 'presence.events.ts'), 'utf8');
  const body = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(source)?.[1];
  if (!body) throw new Error('ClientToServerEvents not found in src/presence/presence.events.ts');
  return [...body.matchAll(/^\s*'?([\w:]+)'?\s*:/gm)].map((m) => m[1]);
}

/** Every REST operation of the OpenAPI document, as `METHOD /path/{param}`. */
export async function documentedRoutes(t: TestApp): Promise<{ routes: string[]; doc: OpenApiDoc }> {
  const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDoc;
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  return { routes, doc };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaObject }> } }>>;
  components?: { schemas?: Record<string, SchemaObject> };
}
export interface SchemaObject {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  enum?: unknown[];
}

/** `/api/conferences/{id}/points/{pointId}` with the world's ids. */
export function concretePath(w: DrillWorld, path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (w.ids as Record<string, string>)[name] ?? w.ids.id);
}

/**
 * A cheap fingerprint of everything a request could write: row counts of every table, plus the versions and update
 * times of the rows that are changed in place. Equal before and after = nothing was written.
 */
export async function dbFingerprint(t: TestApp): Promise<string> {
  const ds = t.app.get(DataSource);
  const one = async (sql: string) => JSON.stringify(await ds.query(sql));
  const parts = await Promise.all([
    ...[
      'users',
      'bridge_points',
      'conferences',
      'conference_points',
      'conference_history',
      'agendas',
      'agenda_items',
      'checkin_links',
      'presence_events',
      'attendance_marks',
      'agenda_releases',
    ].map((table) => one(`SELECT COUNT(*) AS n FROM ${table}`)),
    one('SELECT SUM(token_generation) AS g FROM users'),
    one('SELECT SUM(version) AS v, MAX(updated_at) AS u FROM conferences'),
    one('SELECT * FROM agendas ORDER BY conference_id'),
    one('SELECT * FROM conference_points ORDER BY conference_id, point_id'),
    one('SELECT MAX(updated_at) AS u, SUM(CASE WHEN active THEN 1 ELSE 0 END) AS a FROM bridge_points'),
    one('SELECT COUNT(*) AS n FROM checkin_links WHERE revoked_at IS NULL'),
  ]);
  return parts.join('|');
}
