import { AppError } from '../errors';

/**
 * The version a mutation was made against, when the client sent one: the `If-Match` header (`3`, `"3"` or `W/"3"`) or
 * `version` in the body; undefined when neither was sent. Both given but different → 400.
 */
export function optionalVersion(ifMatch: string | string[] | undefined, bodyVersion: number | undefined): number | undefined {
  const raw = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  let header: number | undefined;
  if (raw !== undefined && raw.trim() !== '') {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
    if (!m || Number(m[1]) < 1)
      throw AppError.badRequest([{ vi: 'If-Match phải là số phiên bản, ví dụ If-Match: 3', en: 'If-Match must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw AppError.badRequest([{ vi: 'If-Match và version khác nhau', en: 'If-Match and version disagree' }]);
  }
  return header ?? bodyVersion;
}

/**
 * The version a mutation was made against: the `If-Match` header (`3`, `"3"` or `W/"3"`) or `version` in the body.
 * Missing → 400; both given but different → 400.
 */
export function expectedVersion(ifMatch: string | string[] | undefined, bodyVersion: number | undefined): number {
  const version = optionalVersion(ifMatch, bodyVersion);
  if (version === undefined) {
    throw AppError.badRequest([
      { vi: 'Thiếu phiên bản: gửi header If-Match hoặc trường version', en: 'version is required (If-Match header or "version" field)' },
    ]);
  }
  return version;
}
