import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../../common/time/time';

const CODE = /^KN-(\d{4})-(\d{6})$/;

/** `KN-<year>-<6 digits>`, e.g. `KN-2021-000042`. */
export function formatTrackingCode(year: number, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999) throw new RangeError(`tracking number out of range: ${n}`);
  return `KN-${year}-${String(n).padStart(6, '0')}`;
}

export function parseTrackingCode(code: string): { year: number; n: number } | null {
  const m = CODE.exec(code);
  return m && Number(m[2]) > 0 ? { year: Number(m[1]), n: Number(m[2]) } : null;
}

/** The year of receipt, in the province's zone (a petition received at 06:30 on 1 January counts in the new year). */
export function receiptYear(at: Date, zone: string = DEFAULT_TIMEZONE): number {
  return DateTime.fromJSDate(at, { zone }).year;
}

/**
 * What the sequence guarantees, checked on a set of codes of one year: distinct, and exactly 1..n with no gap.
 * Returns the problems (empty when none).
 */
export function sequenceProblems(codes: string[]): string[] {
  const problems: string[] = [];
  const byYear = new Map<number, number[]>();
  for (const c of codes) {
    const p = parseTrackingCode(c);
    if (!p) {
      problems.push(`malformed ${c}`);
      continue;
    }
    byYear.set(p.year, [...(byYear.get(p.year) ?? []), p.n]);
  }
  for (const [year, ns] of byYear) {
    const sorted = [...ns].sort((a, b) => a - b);
    sorted.forEach((n, i) => {
      if (i > 0 && n === sorted[i - 1]) problems.push(`duplicate ${formatTrackingCode(year, n)}`);
      else if (n !== (i === 0 ? sorted[0] : sorted[i - 1] + 1)) problems.push(`gap before ${formatTrackingCode(year, n)}`);
    });
  }
  return problems;
}
