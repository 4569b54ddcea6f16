import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { usePT } from './i18n';
import type { LivePetition } from './types';
import './petitions.css';

/**
 * The petition being answered at each conference, as the board and the check-in page know it: seeded from the
 * board snapshot's / the check-in ack's `currentPetition`, then kept by the `/live` `petition` event.
 */
const current = new Map<string, LivePetition | null>();
const listeners = new Set<() => void>();

export function setCurrentPetition(conferenceId: string, petition: LivePetition | null | undefined): void {
  if (petition === undefined) return; // a server that does not send it yet: keep what we know
  current.set(conferenceId, petition);
  listeners.forEach((l) => l());
}

/** Seeds from a board snapshot or a check-in ack (either may carry `currentPetition`). */
export function seedCurrentPetition(conferenceId: string, carrier: unknown): void {
  if (carrier && typeof carrier === 'object' && 'currentPetition' in carrier) {
    setCurrentPetition(conferenceId, (carrier as { currentPetition: LivePetition | null }).currentPetition);
  }
}

/** Listens for the contract's `petition {conferenceId, petition}` event on a `/live` socket. */
export function bindPetitionEvents(socket: unknown): void {
  (socket as Socket).on('petition', (e: { conferenceId?: string; petition?: LivePetition | null }) => {
    if (e && typeof e.conferenceId === 'string') setCurrentPetition(e.conferenceId, e.petition ?? null);
  });
}

export function useCurrentPetition(conferenceId: string | null | undefined): LivePetition | null {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return conferenceId ? (current.get(conferenceId) ?? null) : null;
}

/** "Đang trả lời kiến nghị KN-… — đơn vị trả lời: …", on the board and on every point's check-in page. */
export function CurrentPetitionBanner({ conferenceId }: { conferenceId: string | null | undefined }) {
  const P = usePT();
  const p = useCurrentPetition(conferenceId);
  if (!p) return null;
  return (
    <div class="pt-now" role="status" aria-live="polite" data-current-petition={p.code}>
      <div class="pt-now-head">
        <strong>{P.nowAnswering(p.code)}</strong> — {p.leadDepartment ? P.answeringDept(p.leadDepartment.name) : P.noDept}
      </div>
      <div class="pt-now-title">
        {p.title}
        {p.organization && <span class="muted"> · {p.organization}</span>}
        <span class="muted"> · {P.fields[p.field] ?? p.field}</span>
      </div>
    </div>
  );
}
