import type { PresenceEntry } from '../../../src/presence/presence.events';
import type { Dict } from '../i18n';
import { epoch } from '../time';

/** The reason recorded with attendance `online` when the operator confirmed a site by phone. */
export const PHONE_REASON = 'Đã xác nhận qua điện thoại';

export const STATE_ICON: Record<PresenceEntry['state'], string> = {
  online: '●',
  unstable: '◐',
  offline: '✕',
  absent: '○',
  left: '↩',
};

/** The state in words; `unstable` with the seconds since the drop (GLOSSARY: "Chập chờn (mất tín hiệu N giây)"). */
export function stateLabel(T: Dict, e: PresenceEntry, now: number): string {
  if (e.state === 'unstable') {
    const since = epoch(e.since);
    const s = Number.isFinite(since) ? Math.max(0, Math.floor((now - since) / 1000)) : 0;
    return T.unstableFor(s);
  }
  return T.states[e.state];
}

export function attendanceLabel(T: Dict, e: PresenceEntry): string | null {
  if (!e.attendance) return null;
  if (e.attendance === 'absent') return e.attendanceReason ? T.absentReason(e.attendanceReason) : T.attendance.absent;
  if (e.attendance === 'online' && e.attendanceReason) return e.attendanceReason === PHONE_REASON ? T.confirmedByPhone : e.attendanceReason;
  return T.attendance[e.attendance];
}
