import { jest } from '@jest/globals';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { Repository } from 'typeorm';
import type { BridgePointsService } from '../../bridge-points/bridge-points.service';
import type { ConferencesService } from '../../conferences/conferences.service';
import type { Transactions } from '../../database/transactions';
import type { AgendaService } from '../agenda.service';
import type { AgendaReleaseEntity } from './agenda-release.entity';
import { ReleasesService } from './releases.service';

/** A service over a table whose latest release number per conference the test sets (other instances' releases land there too). */
function service(): { releases: ReleasesService; table: Record<string, number>; queries: () => number } {
  const table: Record<string, number> = {};
  const findOne = jest.fn(async (q: { where: { conferenceId: string } }) => {
    const latest = table[q.where.conferenceId];
    return latest ? ({ number: latest } as AgendaReleaseEntity) : null;
  });
  const repo = { findOne } as unknown as Repository<AgendaReleaseEntity>;
  const none = {} as never;
  const releases = new ReleasesService(
    none as Transactions,
    repo,
    none as AgendaService,
    none as ConferencesService,
    none as BridgePointsService,
    {
      emit: () => true,
    } as unknown as EventEmitter2,
  );
  return { releases, table, queries: () => findOne.mock.calls.length };
}

describe('ReleasesService.exists (agenda:ack {release})', () => {
  it('answers the acks of a release with one look-up, however many come at once, and none after', async () => {
    const { releases, table, queries } = service();
    table.c1 = 2; // released on another instance: this one has not seen it
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => releases.exists('c1', 1 + (i % 2))));
    expect(answers.every(Boolean)).toBe(true);
    expect(queries()).toBe(1);
    expect(await releases.exists('c1', 2)).toBe(true);
    expect(await releases.exists('c1', 1)).toBe(true);
    expect(queries()).toBe(1);
  });

  it('refuses a number above the latest release, looking it up each time (a later release may have come meanwhile)', async () => {
    const { releases, table, queries } = service();
    table.c1 = 1;
    expect(await releases.exists('c1', 2)).toBe(false);
    expect(await releases.exists('c1', 2)).toBe(false);
    expect(queries()).toBe(4); // the shared look-up, then one of its own, each time
    table.c1 = 2;
    expect(await releases.exists('c1', 2)).toBe(true);
    expect(await releases.exists('c2', 1)).toBe(false); // another conference: its own numbers
  });
});
