/**
 * A check-in link's short code (printed under its QR code, typed by hand on a phone): what it may look like. Shared by
 * the server (`POST /api/auth/checkin-code`) and the check-in page's form, so both accept and refuse the same input.
 */

/** Short codes: no 0/O, 1/I/L look-alikes. */
export const SHORT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const SHORT_CODE_LENGTH = 10;

/** A typed code as written on paper: case, spaces and dashes do not matter. Null when it cannot be a code. */
export function normalizeShortCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]+/g, '');
  return code.length === SHORT_CODE_LENGTH && [...code].every((ch) => SHORT_CODE_ALPHABET.includes(ch)) ? code : null;
}
