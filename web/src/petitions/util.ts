/** Who did something: the API gives a username; older shapes gave an object. */
export type Actor = string | { id?: string; username?: string; name?: string } | null | undefined;

/** Accent-insensitive comparison key (Vietnamese): "Đất đai" → "dat dai". */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export function actorName(a: Actor): string {
  if (!a) return '';
  if (typeof a === 'string') return a;
  return a.username ?? a.name ?? a.id ?? '';
}

/** `?a=1&b=2` from the non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
