import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { errorText } from '../i18n';
import type { Petition } from './types';

/** A conference's linked petitions in queue order (`GET /api/conferences/:id/petitions`). */
export function useQueue(conferenceId: string, refreshKey: unknown, everyMs = 0) {
  const [items, setItems] = useState<Petition[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let stop = false;
    get<Petition[]>(`/api/conferences/${conferenceId}/petitions`)
      .then((list) => {
        if (stop) return;
        setItems([...list].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)));
        setError(null);
      })
      .catch((e) => !stop && setError(errorText(e)));
    return () => {
      stop = true;
    };
  }, [conferenceId, refreshKey, n]);
  useEffect(() => {
    if (!everyMs) return;
    const t = setInterval(() => setN((x) => x + 1), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return { items, setItems, error, reload: () => setN((x) => x + 1) };
}
