import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Repository } from 'typeorm';
import type { ConferencesService } from '../conferences/conferences.service';
import type { Transactions } from '../database/transactions';
import type { DepartmentsService } from '../departments/departments.service';
import { ConferencePetitionsService } from './conference-petitions.service';
import type { ConferencePetitionStateEntity } from './entities/conference-petition-state.entity';
import type { PetitionStore } from './petition-store';
import type { PetitionsService } from './petitions.service';

const CID = 'c1';
const petition = (id: string) => ({
  id,
  code: `KN-${id}`,
  title: 'Đường vào khu công nghiệp',
  field: 'land',
  anonymous: false,
  submitterOrganization: 'Công ty A',
  leadDepartmentId: null,
});

/** The service over a state table the test controls; every read of it is counted and may be held open. */
function setup() {
  let currentId: string | null = 'p1';
  let fail = false;
  const reads: Array<() => void> = [];
  let readCount = 0;
  const state = {
    findOneBy: () => {
      readCount++;
      return new Promise((resolve, reject) =>
        reads.push(() => (fail ? reject(new Error('database unavailable')) : resolve({ conferenceId: CID, currentPetitionId: currentId }))),
      );
    },
  } as unknown as Repository<ConferencePetitionStateEntity>;
  const store = { one: (id: string) => Promise.resolve(petition(id)) } as unknown as PetitionStore;
  const service = new ConferencePetitionsService(
    {} as PetitionsService,
    store,
    state,
    {} as ConferencesService,
    { names: () => Promise.resolve(new Map()) } as unknown as DepartmentsService,
    {} as Transactions,
    new EventEmitter2(),
  );
  return {
    service,
    reads: () => readCount,
    /** Lets every read waiting so far answer. */
    answer: () => reads.splice(0).forEach((r) => r()),
    setCurrent: (id: string | null) => (currentId = id),
    setFailing: (f: boolean) => (fail = f),
  };
}

describe('the current petition carried by every check-in ack', () => {
  it('is read once for a thousand check-ins that arrive together, and all of them get it', async () => {
    const t = setup();
    const acks = Array.from({ length: 1000 }, () => t.service.current(CID));
    expect(t.reads()).toBe(1);
    t.answer();
    const got = await Promise.all(acks);
    expect(got.every((p) => p?.id === 'p1' && p.organization === 'Công ty A')).toBe(true);
    // still fresh: no read at all
    await t.service.current(CID);
    expect(t.reads()).toBe(1);
  });

  it('is read again once the 2 s are over, once for all who ask meanwhile', async () => {
    const t = setup();
    const first = t.service.current(CID);
    t.answer();
    await first;
    const realNow = Date.now;
    Date.now = () => realNow() + 2500;
    try {
      t.setCurrent('p2');
      const later = Array.from({ length: 50 }, () => t.service.current(CID));
      expect(t.reads()).toBe(2);
      t.answer();
      expect((await Promise.all(later)).map((p) => p?.id)).toEqual(Array(50).fill('p2'));
    } finally {
      Date.now = realNow;
    }
  });

  it('is not kept when its read failed: the callers get the error and the next call reads again', async () => {
    const t = setup();
    t.setFailing(true);
    const failing = [t.service.current(CID), t.service.current(CID)];
    t.answer();
    for (const f of failing) await expect(f).rejects.toThrow('database unavailable');
    t.setFailing(false);
    const next = t.service.current(CID);
    expect(t.reads()).toBe(2);
    t.answer();
    expect((await next)?.id).toBe('p1');
  });
});
