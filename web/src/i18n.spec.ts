import { ErrorCode } from '../../src/common/errors/error-code';
import { wordError } from './i18n';

const words = { vi: 'Câu tiếng Việt của máy chủ', en: "The server's English sentence" };

describe('wordError: the pages word every error from its code and params, in clean Vietnamese', () => {
  const codes = [...Object.values(ErrorCode), 'bad_request', 'network', 'no_answer'];

  it.each(codes)('%s: Vietnamese without the English half, English without the Vietnamese', (code) => {
    const vi = wordError({ code, messages: words, message: `${words.vi} / ${words.en}` }, 'vi');
    const en = wordError({ code, messages: words, message: `${words.vi} / ${words.en}` }, 'en');
    expect(vi).not.toContain(' / ');
    expect(vi).not.toContain(words.en);
    expect(en).not.toContain(words.vi);
    expect(vi).not.toBe(en);
  });

  it.each([
    [{ code: 'not_found', params: { entity: 'conference', id: '42' } }, 'Không tìm thấy hội nghị.', 'Conference not found.'],
    [{ code: 'not_found', params: { entity: 'rollcall', id: 'r' } }, 'Không tìm thấy lượt điểm danh.', 'Roll call not found.'],
    [{ code: 'validation_failed', params: { param: 'id', entity: 'point', reason: 'malformed_id' } }, 'Không tìm thấy điểm cầu.', 'Bridge point not found.'],
    [
      { code: 'stale_version', params: { currentVersion: 4 } },
      'Dữ liệu vừa được người khác cập nhật. Tải lại để xem thay đổi.',
      'Someone else has just changed this. Reload to see the changes.',
    ],
    [
      { code: 'illegal_transition', params: { from: 'ended', to: 'live' } },
      'Không thể chuyển hội nghị từ "Đã kết thúc" sang "Đang diễn ra".',
      'A conference cannot go from "Ended" to "Live".',
    ],
    [
      { code: 'illegal_transition', params: { status: 'cancelled' } },
      'Hội nghị đã hủy, không thể thay đổi.',
      'The conference is cancelled and can no longer be changed.',
    ],
    [
      { code: 'schedule_clash', params: { title: 'Giao ban', others: 2 } },
      'Trùng lịch với hội nghị "Giao ban" (và 2 trường hợp khác).',
      'Schedule clash with "Giao ban" (and 2 more).',
    ],
    [
      { code: 'rate_limited', params: { retryAfterSeconds: 600 } },
      'Quá nhiều lần thử, vui lòng thử lại sau 10 phút.',
      'Too many attempts, try again in 10 minute(s).',
    ],
  ])('%j is worded from its params', (info, vi, en) => {
    expect(wordError({ ...info, messages: words }, 'vi')).toBe(vi);
    expect(wordError({ ...info, messages: words }, 'en')).toBe(en);
  });

  it("falls back to the server's sentence in the page's language (lists joined), never to the joined string", () => {
    const list = { vi: ['a sai', 'b sai'], en: ['a is wrong', 'b is wrong'] };
    expect(wordError({ code: 'validation_failed', messages: list, message: ['a sai / a is wrong', 'b sai / b is wrong'] }, 'vi')).toBe('a sai b sai');
    expect(wordError({ code: 'conflict', messages: words }, 'en')).toBe(words.en);
  });
});
