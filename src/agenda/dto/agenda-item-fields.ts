import { Transform } from 'class-transformer';

/** Trims strings (so "  " counts as empty); leaves everything else for the validators to judge. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases strings (UUIDs compare as text on SQLite). */
export const Lower = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));

/** Largest value of an `integer` column (versions are compared in SQL). */
export const MAX_INT = 2_147_483_647;

export const MSG = {
  title: 'title phải là chuỗi 1–500 ký tự / title must be a string of 1–500 characters',
  kind: 'kind phải là một trong: opening, report, speech, discussion, break, video, qa, closing / kind must be one of the listed kinds',
  duration: 'durationMinutes phải là số phút nguyên từ 1 đến 600 / durationMinutes must be a whole number of minutes from 1 to 600',
  text255: (field: string) => `${field} phải là chuỗi tối đa 255 ký tự / ${field} must be a string of at most 255 characters`,
  notes: 'notes phải là chuỗi tối đa 5000 ký tự / notes must be a string of at most 5000 characters',
  pointId: 'pointId phải là mã UUID của một điểm cầu / pointId must be a point id (UUID)',
  position: 'position phải là số nguyên không âm / position must be a non-negative integer',
  version: 'version phải là số nguyên dương / version must be a positive integer',
};
