import { useEffect, useRef } from 'preact/hooks';
import type { PetitionThreadPush } from '../../../src/presence/presence.events';
import { connectLive, request } from '../live';

/** Changes that arrive together (a receipt for several replies, delivered then seen) make one read. */
const COALESCE_MS = 60;

/**
 * While a petition page is open it watches the petition on `/live` (`petition:watch`, again after every reconnect)
 * and calls `changed` once per burst of `petition:thread` pushes for it — a worker's new message, a reply's tick —
 * and once each watch is acknowledged, the first included: a message that arrived between the page's own read of the
 * thread and the watch (or while a reconnect was under way) was pushed to nobody. Leaving the page unwatches and closes the socket.
 * A socket that cannot connect leaves the page as it was: `↻` still reloads the thread.
 */
export function useThreadLive(petitionId: string, token: string, changed: () => Promise<unknown>): void {
  const latest = useRef(changed);
  latest.current = changed;
  useEffect(() => {
    const s = connectLive(token);
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running: Promise<unknown> | null = null;
    let again = false;

    const run = () => {
      timer = null;
      if (disposed) return;
      if (running) {
        again = true;
        return;
      }
      running = latest
        .current()
        .catch(() => undefined)
        .finally(() => {
          running = null;
          if (again && !disposed) {
            again = false;
            schedule();
          }
        });
    };
    const schedule = () => {
      if (!timer && !disposed) timer = setTimeout(run, COALESCE_MS);
    };

    s.on('connect', () => {
      void request(s, 'petition:watch', { petitionId }).then((r) => {
        if (!disposed && r.ok) schedule();
      });
    });
    s.on('petition:thread', (e: PetitionThreadPush) => {
      if (e?.petitionId === petitionId) schedule();
    });
    s.on('connect_error', (err) => {
      // A token the server refuses is not retried here (the next REST call signs the user out).
      if (err.message === 'unauthorized') s.disconnect();
    });
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (s.connected) s.emit('petition:unwatch', { petitionId }, () => undefined);
      s.removeAllListeners();
      s.disconnect();
    };
  }, [petitionId, token]);
}
