import { DateTime } from 'luxon';

/** All times are shown in the conference's own timezone, never the browser's. */
export function inZone(iso: string, tz: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(tz);
}
export function fmtTime(iso: string | null | undefined, tz: string): string {
  return iso ? inZone(iso, tz).toFormat('HH:mm') : '';
}
export function fmtTimeSec(iso: string | null | undefined, tz: string): string {
  return iso ? inZone(iso, tz).toFormat('HH:mm:ss') : '';
}
export function fmtDate(iso: string, tz: string): string {
  return inZone(iso, tz).toFormat('dd/MM/yyyy');
}
export function fmtDateTime(iso: string | null | undefined, tz: string): string {
  return iso ? inZone(iso, tz).toFormat('HH:mm dd/MM/yyyy') : '';
}
/** A moved time: `14:40 → 15:10` on the same day, `14:40 07/12/2026 → 14:40 08/12/2026` when the day changed too. */
export function fmtMove(beforeIso: string, afterIso: string, tz: string): string {
  const sameDay = inZone(beforeIso, tz).hasSame(inZone(afterIso, tz), 'day');
  const f = sameDay ? fmtTime : fmtDateTime;
  return `${f(beforeIso, tz)} → ${f(afterIso, tz)}`;
}
/** `08:00–11:30, 10/07/2021`, or `21:00 10/07/2021 – 01:00 11/07/2021` across midnight. */
export function fmtRange(startIso: string, endIso: string, tz: string): string {
  const s = inZone(startIso, tz);
  const e = inZone(endIso, tz);
  if (s.hasSame(e, 'day')) return `${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')}, ${s.toFormat('dd/MM/yyyy')}`;
  return `${s.toFormat('HH:mm dd/MM/yyyy')} – ${e.toFormat('HH:mm dd/MM/yyyy')}`;
}
/** A value for `<input type="datetime-local">`, in the zone. */
export function toLocalInput(iso: string, tz: string): string {
  return inZone(iso, tz).toFormat("yyyy-MM-dd'T'HH:mm");
}
/** `2021-07-10T08:00` typed in the zone → `2021-07-10T08:00:00.000+07:00`, or null when not a valid time. */
export function fromLocalInput(value: string, tz: string): string | null {
  const d = DateTime.fromISO(value, { zone: tz });
  return d.isValid ? d.toISO({ suppressMilliseconds: false }) : null;
}
export function isToday(startIso: string, endIso: string, tz: string): boolean {
  const today = DateTime.now().setZone(tz);
  return inZone(startIso, tz) <= today.endOf('day') && inZone(endIso, tz) >= today.startOf('day');
}
export function epoch(iso: string | null | undefined): number {
  return iso ? DateTime.fromISO(iso).toMillis() : NaN;
}
export function zoneIsValid(tz: string): boolean {
  return DateTime.now().setZone(tz).isValid;
}

/** A zone as people say it: `Việt Nam (GMT+7)` rather than `Asia/Ho_Chi_Minh`; other zones keep their name with the offset. */
export function zoneLabel(tz: string, lang: 'vi' | 'en'): string {
  const now = DateTime.now().setZone(tz);
  if (!now.isValid) return tz;
  const offset = now.offset === 0 ? 'GMT' : `GMT${now.toFormat('Z')}`;
  if (tz === 'Asia/Ho_Chi_Minh' || tz === 'Asia/Saigon') return `${lang === 'vi' ? 'Việt Nam' : 'Vietnam'} (${offset})`;
  return `${tz.split('/').pop()!.replace(/_/g, ' ')} (${offset})`;
}
