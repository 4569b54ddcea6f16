import { cascade } from '../agenda-times';
import { longestIncreasing, releaseDiff, type ReleasedItem, type ReleaseChange } from './release-diff';

const START = new Date('2031-07-10T01:00:00.000Z'); // 08:00 +07:00

/** Items in order, with their cascaded times; `spec` = [id, minutes, overrides?]. */
function release(spec: Array<[string, number, Partial<ReleasedItem>?]>, start = START): ReleasedItem[] {
  const times = cascade(
    start,
    spec.map(([, m]) => m),
  );
  return spec.map(([id, durationMinutes, extra], position) => ({
    id,
    position,
    title: `Nội dung ${id}`,
    kind: 'report',
    durationMinutes,
    presenter: null,
    responsibleUnit: null,
    pointId: null,
    pointName: null,
    notes: null,
    startsAt: times[position].startsAt.toISOString(),
    endsAt: times[position].endsAt.toISOString(),
    ...extra,
  }));
}
const summary = (changes: ReleaseChange[]) => changes.map((c) => `${c.type}:${c.itemId}`);

describe('release diff', () => {
  const base = release([
    ['a', 10],
    ['b', 20],
    ['c', 30],
    ['d', 15],
  ]);

  const table: Array<[string, ReleasedItem[] | null, ReleasedItem[], string[]]> = [
    ['the first release: every item added', null, base, ['added:a', 'added:b', 'added:c', 'added:d']],
    [
      'nothing changed: no changes',
      base,
      release([
        ['a', 10],
        ['b', 20],
        ['c', 30],
        ['d', 15],
      ]),
      [],
    ],
    [
      'an item appended: added, nobody else',
      base,
      release([
        ['a', 10],
        ['b', 20],
        ['c', 30],
        ['d', 15],
        ['e', 5],
      ]),
      ['added:e'],
    ],
    [
      'an item inserted first: added, the rest retimed but not moved',
      base,
      release([
        ['x', 5],
        ['a', 10],
        ['b', 20],
        ['c', 30],
        ['d', 15],
      ]),
      ['added:x', 'retimed:a', 'retimed:b', 'retimed:c', 'retimed:d'],
    ],
    [
      'the last item removed: removed only',
      base,
      release([
        ['a', 10],
        ['b', 20],
        ['c', 30],
      ]),
      ['removed:d'],
    ],
    [
      'the first item removed: the rest retimed, not moved',
      base,
      release(
        [
          ['b', 20],
          ['c', 30],
          ['d', 15],
        ],
        START,
      ),
      ['retimed:b', 'retimed:c', 'retimed:d', 'removed:a'],
    ],
    [
      'two equal items swapped: one moved, both retimed',
      release([
        ['a', 10],
        ['b', 20],
      ]),
      release([
        ['b', 20],
        ['a', 10],
      ]),
      ['moved:b', 'retimed:b', 'retimed:a'],
    ],
    [
      'a reorder of equal-length neighbours (times unchanged for the others): moved, no spurious retime elsewhere',
      release([
        ['a', 10],
        ['b', 10],
        ['c', 10],
        ['d', 10],
      ]),
      release([
        ['a', 10],
        ['c', 10],
        ['b', 10],
        ['d', 10],
      ]),
      ['moved:c', 'retimed:c', 'retimed:b'],
    ],
    [
      'the last item brought to the front: only it moved',
      base,
      release([
        ['d', 15],
        ['a', 10],
        ['b', 20],
        ['c', 30],
      ]),
      ['moved:d', 'retimed:d', 'retimed:a', 'retimed:b', 'retimed:c'],
    ],
    [
      'a duration changed: retimed from that item on',
      base,
      release([
        ['a', 10],
        ['b', 25],
        ['c', 30],
        ['d', 15],
      ]),
      ['retimed:b', 'retimed:c', 'retimed:d'],
    ],
    [
      'the conference moved: every item retimed, nothing moved',
      base,
      release(
        [
          ['a', 10],
          ['b', 20],
          ['c', 30],
          ['d', 15],
        ],
        new Date('2031-07-10T02:00:00.000Z'),
      ),
      ['retimed:a', 'retimed:b', 'retimed:c', 'retimed:d'],
    ],
    [
      'removed and re-added (a new id, same title): removed + added, never matched by title',
      base,
      release([
        ['a', 10],
        ['b2', 20, { title: 'Nội dung b' }],
        ['c', 30],
        ['d', 15],
      ]),
      ['added:b2', 'removed:b'],
    ],
  ];

  it.each(table)('%s', (_name, previous, next, expected) => {
    expect(summary(releaseDiff(previous, next))).toEqual(expected);
  });

  it('changed: before/after hold only the fields that changed; title is the new one', () => {
    const next = release([
      ['a', 10],
      ['b', 20, { title: 'Báo cáo mới', presenter: 'Đồng chí Giám đốc', pointId: 'p-1', pointName: 'Thuận Thành' }],
      ['c', 30],
      ['d', 15],
    ]);
    const changes = releaseDiff(base, next);
    expect(changes).toEqual([
      {
        type: 'changed',
        itemId: 'b',
        title: 'Báo cáo mới',
        before: { title: 'Nội dung b', presenter: null, pointId: null },
        after: { title: 'Báo cáo mới', presenter: 'Đồng chí Giám đốc', pointId: 'p-1' },
      },
    ]);
  });

  it.each([
    ['kind', { kind: 'speech' }],
    ['responsibleUnit', { responsibleUnit: 'Sở Thông tin và Truyền thông' }],
    ['notes', { notes: 'Trình chiếu' }],
  ])('changed: %s alone', (field, extra) => {
    const next = release([
      ['a', 10, extra as Partial<ReleasedItem>],
      ['b', 20],
      ['c', 30],
      ['d', 15],
    ]);
    const [change] = releaseDiff(base, next);
    expect(change.type).toBe('changed');
    expect(Object.keys(change.before!)).toEqual([field]);
  });

  it('an item both moved, retimed and changed gets one entry per type', () => {
    const next = release([
      ['c', 30, { presenter: 'Ông A' }],
      ['a', 10],
      ['b', 20],
      ['d', 15],
    ]);
    expect(
      releaseDiff(base, next)
        .filter((c) => c.itemId === 'c')
        .map((c) => c.type),
    ).toEqual(['moved', 'retimed', 'changed']);
  });

  it('removed carries the old title and where it was; added carries where it is', () => {
    const next = release([
      ['a', 10],
      ['c', 30],
      ['d', 15],
      ['e', 5, { title: 'Bế mạc' }],
    ]);
    const changes = releaseDiff(base, next);
    expect(changes.find((c) => c.type === 'removed')).toEqual({
      type: 'removed',
      itemId: 'b',
      title: 'Nội dung b',
      before: { position: 1, startsAt: base[1].startsAt, endsAt: base[1].endsAt },
    });
    expect(changes.find((c) => c.type === 'added')).toMatchObject({ itemId: 'e', title: 'Bế mạc', after: { position: 3 } });
  });

  it('compares times as instants: the same time in another offset is not retimed', () => {
    const next = base.map((i) => ({ ...i, startsAt: new Date(i.startsAt).toISOString().replace('Z', '+00:00') }));
    expect(releaseDiff(base, next)).toEqual([]);
  });
});

describe('longest increasing subsequence', () => {
  it.each([
    [[], []],
    [
      [0, 1, 2],
      [0, 1, 2],
    ],
    [
      [2, 0, 1],
      [1, 2],
    ],
    [[1, 0], [1]],
    [
      [3, 0, 1, 2],
      [1, 2, 3],
    ],
  ])('%j keeps the indexes %j', (seq, kept) => {
    expect([...longestIncreasing(seq)].sort()).toEqual(kept);
  });
});
