import { ApiProperty } from '@nestjs/swagger';
import type { Message } from '../common/errors';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** One readiness check of a conference: a key, its label, and its checkpoint (minutes before the start). */
export interface ReadinessCheck {
  key: string;
  label: string;
  minutesBefore: number;
}

/** The operating practice of provincial broadcasts (CONTRACT.md v2). */
export const DEFAULT_READINESS: readonly ReadinessCheck[] = [
  { key: 'technician', label: 'Kỹ thuật viên có mặt', minutesBefore: 60 },
  { key: 'connected', label: 'Đã kết nối thử', minutesBefore: 30 },
  { key: 'av', label: 'Âm thanh, hình ảnh tốt', minutesBefore: 15 },
];
export const MAX_READINESS_CHECKS = 8;
/** Points report from this long before the start (also the furthest a checkpoint may be). */
export const READINESS_WINDOW_MINUTES = 24 * 60;

export class ReadinessCheckDto implements ReadinessCheck {
  @ApiProperty({ example: 'technician', pattern: '^[a-z_]{2,32}$' })
  @IsString()
  @Matches(/^[a-z_]{2,32}$/)
  key: string;

  @ApiProperty({ example: 'Kỹ thuật viên có mặt', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;

  @ApiProperty({ example: 60, minimum: 0, maximum: READINESS_WINDOW_MINUTES })
  @IsInt()
  @Min(0)
  @Max(READINESS_WINDOW_MINUTES)
  minutesBefore: number;
}

/** The problems of a readiness list beyond each entry's own validation (duplicate keys), in both languages. */
export function readinessProblems(list: readonly ReadinessCheck[]): Message[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const c of list) (seen.has(c.key) ? dup : seen).add(c.key);
  const keys = [...dup].join(', ');
  return dup.size ? [{ vi: `readiness: khóa bị lặp: ${keys}`, en: `readiness: duplicate keys: ${keys}` }] : [];
}

/** A stored list (null = never set: the defaults). */
export function readinessOf(stored: readonly ReadinessCheck[] | null | undefined): ReadinessCheck[] {
  return (stored ?? DEFAULT_READINESS).map((c) => ({ key: c.key, label: c.label, minutesBefore: c.minutesBefore }));
}
