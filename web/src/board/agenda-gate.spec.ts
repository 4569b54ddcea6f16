import { AgendaGate } from './agenda-gate';

type A = { version: number; currentItemId: string | null };

/** The board page's agenda as its reload and its pushes set it (the gate decides which reads land). */
function board() {
  const gate = new AgendaGate();
  let held: A | null = null;
  return {
    get current() {
      return held?.currentItemId ?? null;
    },
    push(a: A) {
      gate.pushed();
      held = a;
    },
    startReload() {
      const mayLand = gate.read();
      return (a: A) => {
        if (mayLand(held, a)) held = a;
      };
    },
  };
}

describe("AgendaGate (the board's 30 s agenda reload against the pushes)", () => {
  it('keeps the current item of a push that arrived while the reload was on its way (same version)', () => {
    const b = board();
    b.startReload()({ version: 3, currentItemId: 'opening' });
    const answer = b.startReload(); // read while "opening" was current
    b.push({ version: 3, currentItemId: 'report' }); // the operator moved on: marking the current item keeps the version
    answer({ version: 3, currentItemId: 'opening' });
    expect(b.current).toBe('report');
  });

  it('drops an answer older than the agenda held, and applies a reload with no push meanwhile', () => {
    const b = board();
    b.push({ version: 5, currentItemId: 'a' });
    const stale = b.startReload();
    const fresh = b.startReload();
    stale({ version: 4, currentItemId: 'x' }); // no push since it started, but an older version (another instance's cache)
    expect(b.current).toBe('a');
    fresh({ version: 5, currentItemId: 'b' });
    expect(b.current).toBe('b');
  });
});
