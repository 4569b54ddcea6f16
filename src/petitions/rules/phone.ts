/**
 * A Vietnamese phone number, mobile or landline: `0` or `+84` followed by 9 or 10 digits, spaces and dots allowed.
 * Returns it as `+84…` (digits only after the prefix), or null when it is not one.
 */
export function normalizePhone(value: string): string | null {
  const compact = value.trim().replace(/[ .]/g, '');
  const m = /^(?:0|\+84)(\d{9,10})$/.exec(compact);
  return m ? `+84${m[1]}` : null;
}
