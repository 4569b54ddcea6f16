import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import type { AnswerMode, Channel, PetitionField, PetitionKind, PetitionStatus } from '../../common/domain';

export { ANSWER_MODES, PETITION_CHANNELS as CHANNELS, PETITION_FIELDS as FIELDS, PETITION_KINDS } from '../../common/domain';
export type { AnswerMode, Channel, PetitionField, PetitionKind } from '../../common/domain';

/** One petition (kiến nghị) or worker's feedback (ý kiến phản ánh). Submitter fields are personal data. */
@Entity('petitions')
@Index('IDX_petitions_received', ['receivedAt', 'id'])
@Index('IDX_petitions_status_received', ['status', 'receivedAt', 'id'])
@Index('IDX_petitions_lead_received', ['leadDepartmentId', 'receivedAt', 'id'])
@Index('IDX_petitions_field_received', ['field', 'receivedAt', 'id'])
@Index('IDX_petitions_conference_pos', ['conferenceId', 'queuePosition'])
@Index('IDX_petitions_answer_days', ['leadDepartmentId', 'answerWorkingDays', 'status', 'receivedAt'])
@Index('IDX_petitions_stats', ['leadDepartmentId', 'status', 'field', 'answerMode', 'commitmentDone', 'dueAt', 'answeredAt', 'receivedAt'])
export class PetitionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 16, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PetitionKind;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 32 })
  field: PetitionField;

  @Column({ name: 'submitter_name', type: 'varchar', length: 255, nullable: true })
  submitterName: string | null;

  @Column({ name: 'submitter_organization', type: 'varchar', length: 255, nullable: true })
  submitterOrganization: string | null;

  @Column({ name: 'submitter_tax_code', type: 'varchar', length: 14, nullable: true })
  submitterTaxCode: string | null;

  @Column({ name: 'submitter_phone', type: 'varchar', length: 16, nullable: true })
  submitterPhone: string | null;

  @Column({ name: 'submitter_email', type: 'varchar', length: 255, nullable: true })
  submitterEmail: string | null;

  @Column({ name: 'submitter_point_id', type: 'uuid', nullable: true })
  submitterPointId: string | null;

  @Column({ name: 'submitter_zalo_user_id', type: 'varchar', length: 64, nullable: true })
  submitterZaloUserId: string | null;

  @Column({ name: 'submitter_erased', type: 'boolean' })
  submitterErased: boolean;

  @Column({ type: 'boolean' })
  anonymous: boolean;

  @Column({ type: 'boolean' })
  consent: boolean;

  @Column({ name: 'conference_id', type: 'uuid', nullable: true })
  conferenceId: string | null;

  /** Order in the conference's queue (0-based), null when not linked. */
  @Column({ name: 'queue_position', type: 'integer', nullable: true })
  queuePosition: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: PetitionStatus;

  @Column({ name: 'lead_department_id', type: 'uuid', nullable: true })
  leadDepartmentId: string | null;

  @Column({ name: 'received_at', type: TIMESTAMP })
  receivedAt: Date;

  @Column({ name: 'assigned_at', type: TIMESTAMP, nullable: true })
  assignedAt: Date | null;

  @Column({ name: 'due_at', type: TIMESTAMP, nullable: true })
  dueAt: Date | null;

  @Column({ name: 'answered_at', type: TIMESTAMP, nullable: true })
  answeredAt: Date | null;

  /** Working days from assignment to answer (local days of PETITION_ZONE, never negative), written with either; null until both are set. */
  @Column({ name: 'answer_working_days', type: 'integer', nullable: true })
  answerWorkingDays: number | null;

  @Column({ name: 'answer_mode', type: 'varchar', length: 16, nullable: true })
  answerMode: AnswerMode | null;

  @Column({ name: 'answer_text', type: 'text', nullable: true })
  answerText: string | null;

  @Column({ name: 'answer_document_no', type: 'varchar', length: 100, nullable: true })
  answerDocumentNo: string | null;

  @Column({ name: 'answer_signed_by', type: 'varchar', length: 255, nullable: true })
  answerSignedBy: string | null;

  @Column({ name: 'answered_by', type: 'varchar', length: 64, nullable: true })
  answeredBy: string | null;

  @Column({ name: 'commitment_text', type: 'text', nullable: true })
  commitmentText: string | null;

  @Column({ name: 'commitment_due_at', type: TIMESTAMP, nullable: true })
  commitmentDueAt: Date | null;

  @Column({ name: 'commitment_done', type: 'boolean', nullable: true })
  commitmentDone: boolean | null;

  @Column({ type: 'boolean' })
  published: boolean;

  @Column({ name: 'published_at', type: TIMESTAMP, nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  /** When it became closed, rejected or merged (the retention clock); null while it may still change. */
  @Column({ name: 'finished_at', type: TIMESTAMP, nullable: true })
  finishedAt: Date | null;

  /** SHA-256 (hex) of the tracking token given to the submitter. */
  @Column({ name: 'tracking_token_hash', type: 'varchar', length: 64 })
  trackingTokenHash: string;

  /** Keyed hash of the client address of a public submission (rate limit); never the address itself. */
  @Column({ name: 'source_key', type: 'varchar', length: 64, nullable: true })
  sourceKey: string | null;

  /** Accent-folded code and title, for `?q=`. */
  @Column({ name: 'search_text', type: 'varchar', length: 300 })
  searchText: string;

  /** Accent-folded organization, searched only by viewers who may see it (never a department for an anonymous petition). */
  @Column({ name: 'search_org', type: 'varchar', length: 300, nullable: true })
  searchOrg: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
