import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { Repository } from 'typeorm';
import type { Transactions } from '../database/transactions';
import { CheckinLinksService } from './checkin-links.service';
import type { CheckinLinkEntity } from './entities/checkin-link.entity';
import type { TokenService } from './token.service';

const FUTURE = new Date(Date.now() + 3_600_000);

/** A repository over an in-memory table that counts its queries. */
function fakeLinks(rows: Array<Pick<CheckinLinkEntity, 'id' | 'conferenceId' | 'pointId' | 'expiresAt' | 'revokedAt'>>) {
  const queries = { find: 0, findOneBy: 0 };
  let gate: Promise<void> = Promise.resolve();
  const repo = {
    find: async ({ where }: { where: { conferenceId: string } }) => {
      queries.find++;
      const snapshot = rows.filter((r) => r.conferenceId === where.conferenceId && !r.revokedAt).map((r) => ({ ...r }));
      await gate;
      return snapshot;
    },
    findOneBy: async ({ id }: { id: string }) => {
      queries.findOneBy++;
      const r = rows.find((x) => x.id === id);
      return r ? { ...r } : null;
    },
  } as unknown as Repository<CheckinLinkEntity>;
  return { repo, queries, rows, hold: (p: Promise<void>) => (gate = p) };
}

function service(links: Repository<CheckinLinkEntity>): CheckinLinksService {
  return new CheckinLinksService(links, {} as Transactions, {} as TokenService, { emit: () => true } as unknown as EventEmitter2);
}

describe('CheckinLinksService.isValidCached (handshake of a check-in link token)', () => {
  const base = () => [
    { id: 'l1', conferenceId: 'c1', pointId: 'p1', expiresAt: FUTURE, revokedAt: null },
    { id: 'l2', conferenceId: 'c1', pointId: 'p2', expiresAt: FUTURE, revokedAt: null },
    { id: 'old', conferenceId: 'c1', pointId: 'p1', expiresAt: FUTURE, revokedAt: new Date() },
    { id: 'gone', conferenceId: 'c1', pointId: 'p3', expiresAt: new Date(Date.now() - 1000), revokedAt: null },
  ];

  it.each([
    ['a valid link', 'l1', 'c1', 'p1', true],
    ['a link of another point', 'l1', 'c1', 'p2', false],
    ['a link of another conference', 'l1', 'c2', 'p1', false],
    ['a revoked link', 'old', 'c1', 'p1', false],
    ['an expired link', 'gone', 'c1', 'p3', false],
    ['an unknown link', 'nope', 'c1', 'p1', false],
  ])('answers %s as the database does', async (_what, linkId, conferenceId, pointId, expected) => {
    const f = fakeLinks(base());
    const s = service(f.repo);
    expect(await s.isValidCached(linkId, conferenceId, pointId)).toBe(expected);
    expect(await s.isValid(linkId, conferenceId, pointId)).toBe(expected);
  });

  it('reads a conference once for many handshakes', async () => {
    const f = fakeLinks(base());
    const s = service(f.repo);
    const answers = await Promise.all([s.isValidCached('l1', 'c1', 'p1'), s.isValidCached('l2', 'c1', 'p2'), s.isValidCached('l1', 'c1', 'p1')]);
    expect(answers).toEqual([true, true, true]);
    expect(f.queries).toEqual({ find: 1, findOneBy: 0 });
  });

  it('refuses a link revoked on another instance once the revocation is relayed (forget)', async () => {
    const f = fakeLinks(base());
    const s = service(f.repo);
    expect(await s.isValidCached('l1', 'c1', 'p1')).toBe(true);
    f.rows[0].revokedAt = new Date();
    s.forget('c1');
    expect(await s.isValidCached('l1', 'c1', 'p1')).toBe(false);
  });

  it('does not keep a read that a revocation overtook', async () => {
    const f = fakeLinks(base());
    const s = service(f.repo);
    let release!: () => void;
    void f.hold(new Promise<void>((r) => (release = r)));
    const first = s.isValidCached('l1', 'c1', 'p1'); // reads l1 as valid, then waits
    f.rows[0].revokedAt = new Date();
    s.forget('c1');
    release();
    await first;
    void f.hold(Promise.resolve());
    expect(await s.isValidCached('l1', 'c1', 'p1')).toBe(false);
  });

  it('finds a link issued after the read in the database', async () => {
    const f = fakeLinks(base());
    const s = service(f.repo);
    await s.isValidCached('l1', 'c1', 'p1');
    f.rows.push({ id: 'l9', conferenceId: 'c1', pointId: 'p9', expiresAt: FUTURE, revokedAt: null });
    expect(await s.isValidCached('l9', 'c1', 'p9')).toBe(true);
    expect(f.queries.findOneBy).toBe(1);
  });
});
