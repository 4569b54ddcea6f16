import { bilingual } from '../../common/validation/validation-messages';
import { Transform } from 'class-transformer';

/** Trims strings (so "  " counts as empty); leaves everything else for the validators to judge. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases strings (UUIDs compare as text on SQLite). */
export const Lower = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));

/** Largest value of an `integer` column (versions are compared in SQL). */
export const MAX_INT = 2_147_483_647;

export const MSG = {
  title: bilingual({ vi: 'title phải là chuỗi 1–500 ký tự', en: 'title must be a string of 1–500 characters' }),
  kind: bilingual({ vi: 'kind phải là một trong: opening, report, speech, discussion, break, video, qa, closing', en: 'kind must be one of the listed kinds' }),
  duration: bilingual({ vi: 'durationMinutes phải là số phút nguyên từ 1 đến 600', en: 'durationMinutes must be a whole number of minutes from 1 to 600' }),
  text255: (field: string) => bilingual({ vi: `${field} phải là chuỗi tối đa 255 ký tự`, en: `${field} must be a string of at most 255 characters` }),
  notes: bilingual({ vi: 'notes phải là chuỗi tối đa 5000 ký tự', en: 'notes must be a string of at most 5000 characters' }),
  pointId: bilingual({ vi: 'pointId phải là mã UUID của một điểm cầu', en: 'pointId must be a point id (UUID)' }),
  position: bilingual({ vi: 'position phải là số nguyên không âm', en: 'position must be a non-negative integer' }),
  version: bilingual({ vi: 'version phải là số nguyên dương', en: 'version must be a positive integer' }),
};
