import { NotBlank } from '../../common/validation/not-blank';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { bilingual } from '../../common/validation/validation-messages';
import { LEVELS } from '../../common/domain';
import { ATTENDANCE } from '../entities/attendance-mark.entity';
import type {
  AgendaAckPayload,
  AttendanceKind,
  ReadinessPayload,
  AttendanceMarkPayload,
  BoardJoinPayload,
  CheckinPayload,
  Level,
  PetitionWatchPayload,
  RollcallAnswerPayload,
  RollcallStartPayload,
  SignalQuality,
  StatusPayload,
} from '../presence.events';

/**
 * Payloads of the `/live` client events, validated by the gateway's pipe (unknown fields refused,
 * wrong types refused): any refusal is acked `{ok: false, error: {code: 'bad_request'}}`.
 */

const SIGNAL = ['ok', 'fail'] as const;
const EXACTLY_ONE_TARGET = {
  vi: 'to phải chọn đúng một cách gửi: {pointIds}, {level} hoặc {all: true}',
  en: 'to must be exactly one of {pointIds}, {level} or {all: true}',
};

export class ConferenceRefDto implements CheckinPayload {
  @IsUUID('all') conferenceId: string;
}

/** `petition:watch` / `petition:unwatch`. */
export class PetitionRefDto implements PetitionWatchPayload {
  @IsUUID('all') petitionId: string;
}

export class BoardJoinDto extends ConferenceRefDto implements BoardJoinPayload {
  /** `false`: join without the snapshot (ack `{ok, seq, currentPetition}`); the board reads it over REST. */
  @IsOptional() @IsBoolean() snapshot?: boolean;
}

export class StatusDto implements StatusPayload {
  @IsUUID('all') conferenceId: string;
  @IsIn(SIGNAL) audio: SignalQuality;
  @IsIn(SIGNAL) video: SignalQuality;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class RollcallAnswerDto implements RollcallAnswerPayload {
  @IsUUID('all') rollcallId: string;
}

export class AgendaAckDto implements AgendaAckPayload {
  @IsUUID('all') conferenceId: string;
  @ValidateIf((o: AgendaAckDto) => o.version !== undefined || o.release === undefined) @IsInt() @Min(0) @Max(2_147_483_647) version?: number;
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) release?: number;
}

/** `readiness` (v2): one key of the conference's checks. */
export class ReadinessDto implements ReadinessPayload {
  @IsUUID('all') conferenceId: string;
  @IsString() @Matches(/^[a-z_]{2,32}$/) key: string;
  @IsBoolean() ok: boolean;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class RollcallStartDto implements RollcallStartPayload {
  @IsUUID('all') conferenceId: string;
  @IsInt() @Min(5) @Max(600) timeoutSeconds: number;
}

export class AttendanceMarkDto implements AttendanceMarkPayload {
  @IsUUID('all') conferenceId: string;
  @IsUUID('all') pointId: string;
  @IsIn(ATTENDANCE) attendance: AttendanceKind;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class NoticeTargetDto {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  pointIds?: string[];

  @IsOptional() @IsIn(LEVELS) level?: Level;

  @IsOptional() @Equals(true) all?: true;
}

/** `to` names exactly one way of addressing: `{pointIds}`, `{level}` or `{all: true}`. */
function ExactlyOneTarget(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'exactlyOneTarget',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          ['pointIds', 'level', 'all'].filter((k) => (value as Record<string, unknown>)[k] !== undefined).length === 1,
        defaultMessage: () => bilingual(EXACTLY_ONE_TARGET),
      },
    },
    options,
  );
}

export class NoticeDto {
  @IsUUID('all') conferenceId: string;

  @IsString()
  @MaxLength(500)
  @NotBlank()
  text: string;

  @IsObject()
  @ValidateNested()
  @Type(() => NoticeTargetDto)
  @ExactlyOneTarget()
  to: NoticeTargetDto;
}
