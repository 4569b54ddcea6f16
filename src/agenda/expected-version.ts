import { AppError } from '../common/errors';

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/;

/**
 * The version a mutation expects, from `If-Match: <version>` (a quoted ETag `"3"` is accepted too) or the body's
 * `version`. Missing → 400; both given but different → 400 (the client is confused about what it edits).
 */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  let header: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '') {
    const m = IF_MATCH.exec(ifMatch);
    if (!m || Number(m[1]) < 1) {
      throw AppError.badRequest('Header If-Match phải là số phiên bản, ví dụ If-Match: 3 / If-Match must be a version number, e.g. If-Match: 3');
    }
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw AppError.badRequest('Phiên bản trong If-Match và trong nội dung yêu cầu khác nhau / If-Match and body version differ');
  }
  const version = header ?? bodyVersion;
  if (version === undefined) {
    throw AppError.badRequest('Thiếu phiên bản chương trình: gửi header If-Match hoặc trường version / Missing version: send If-Match or "version"');
  }
  return version;
}
