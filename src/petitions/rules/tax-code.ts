/** Weights of the first nine digits of a Vietnamese tax code (mã số thuế). */
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** The check digit of nine digits: 10 − (weighted sum mod 11); null when that is 10 (no valid code has those nine digits). */
export function taxCodeCheckDigit(nineDigits: string): number | null {
  if (!/^\d{9}$/.test(nineDigits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * WEIGHTS[i];
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

/** 10 digits, or 10 digits + `-` + 3 digits (a branch), with a right check digit in the 10th place. */
export function isValidTaxCode(value: string): boolean {
  const m = /^(\d{9})(\d)(-\d{3})?$/.exec(value);
  if (!m) return false;
  const check = taxCodeCheckDigit(m[1]);
  return check !== null && check === Number(m[2]);
}
