import { formatTrackingCode, parseTrackingCode, receiptYear, sequenceProblems } from './tracking-code';

describe('tracking codes', () => {
  it('formats and parses KN-<year>-<6 digits>', () => {
    expect(formatTrackingCode(2021, 42)).toBe('KN-2021-000042');
    expect(formatTrackingCode(2026, 999_999)).toBe('KN-2026-999999');
    expect(() => formatTrackingCode(2026, 0)).toThrow(RangeError);
    expect(() => formatTrackingCode(2026, 1_000_000)).toThrow(RangeError);
    expect(parseTrackingCode('KN-2021-000042')).toEqual({ year: 2021, n: 42 });
    for (const bad of ['KN-2021-42', 'kn-2021-000042', 'KN-21-000042', 'KN-2021-000000', 'KN-2021-0000421']) expect(parseTrackingCode(bad)).toBeNull();
  });

  it('counts the year of receipt in Asia/Ho_Chi_Minh', () => {
    expect(receiptYear(new Date('2025-12-31T16:59:59Z'))).toBe(2025);
    expect(receiptYear(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
  });

  it('finds duplicates and gaps per year', () => {
    expect(sequenceProblems(['KN-2026-000001', 'KN-2026-000002', 'KN-2026-000003', 'KN-2025-000007'])).toEqual([]);
    expect(sequenceProblems(['KN-2026-000001', 'KN-2026-000003'])).toEqual(['gap before KN-2026-000003']);
    expect(sequenceProblems(['KN-2026-000001', 'KN-2026-000001'])).toEqual(['duplicate KN-2026-000001']);
    expect(sequenceProblems(['x'])).toEqual(['malformed x']);
  });
});
