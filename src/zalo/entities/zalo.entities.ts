import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** One webhook event as received (raw body), stored before anything else; `processedAt` once it is in a thread. */
@Entity('zalo_inbox')
export class ZaloInboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  seq: number;

  /** `msg:<msg_id>`, or a hash for events without one: unique, so a retried delivery is stored once. */
  @Index('UQ_zalo_inbox_key', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 128 })
  eventKey: string;

  @Column({ name: 'event_name', type: 'varchar', length: 64 })
  eventName: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'received_at', type: TIMESTAMP })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: TIMESTAMP, nullable: true })
  processedAt: Date | null;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true })
  lastError: string | null;

  @Column({ name: 'next_attempt_at', type: TIMESTAMP, nullable: true })
  nextAttemptAt: Date | null;
}

/** A Zalo user who wrote to or followed the OA (personal data: organizers and admins only). */
@Entity('zalo_contacts')
export class ZaloContactEntity {
  @PrimaryColumn({ name: 'zalo_user_id', type: 'varchar', length: 64 })
  zaloUserId: string;

  @Column({ type: 'boolean' })
  following: boolean;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}

/**
 * The OA's token pair (one row, id `oa`). Secret: never logged, never answered. Beside it, Zalo's last refusal of the
 * refresh token (when, its code and message, the refused token only as a SHA-256 fingerprint): see `ZaloTokens`.
 */
@Entity('zalo_tokens')
export class ZaloTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id: string;

  @Column({ name: 'access_token', type: 'text', nullable: true })
  accessToken: string | null;

  @Column({ name: 'refresh_token', type: 'text' })
  refreshToken: string;

  @Column({ name: 'expires_at', type: TIMESTAMP, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;

  @Column({ name: 'refresh_refused_at', type: TIMESTAMP, nullable: true })
  refreshRefusedAt: Date | null;

  @Column({ name: 'refresh_refused_code', type: 'integer', nullable: true })
  refreshRefusedCode: number | null;

  @Column({ name: 'refresh_refused_message', type: 'varchar', length: 200, nullable: true })
  refreshRefusedMessage: string | null;

  /** SHA-256 hex of the refresh token Zalo refused: a stored token that differs means an admin set a new one. */
  @Column({ name: 'refresh_refused_token', type: 'varchar', length: 64, nullable: true })
  refreshRefusedToken: string | null;
}

/** Where a Zalo feedback's replies go: the worker's last message, or the group it came from. */
@Entity('zalo_feedback')
export class ZaloFeedbackEntity {
  @PrimaryColumn({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @Column({ name: 'zalo_user_id', type: 'varchar', length: 64 })
  zaloUserId: string;

  @Column({ name: 'last_msg_id', type: 'varchar', length: 64 })
  lastMsgId: string;

  @Column({ name: 'group_id', type: 'varchar', length: 64, nullable: true })
  groupId: string | null;

  @Column({ name: 'last_inbound_at', type: TIMESTAMP })
  lastInboundAt: Date;
}

export const ATTACHMENT_STATUSES = ['pending', 'stored', 'skipped'] as const;

/** An image or file a worker sent, downloaded (≤ 5 MB) into the data folder because Zalo removes it after about a week. */
@Entity('zalo_attachments')
export class ZaloAttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 16 })
  status: (typeof ATTACHMENT_STATUSES)[number];

  @Column({ name: 'content_type', type: 'varchar', length: 128, nullable: true })
  contentType: string | null;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: TIMESTAMP })
  nextAttemptAt: Date;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}

export const ZALO_ENTITIES = [ZaloInboxEntity, ZaloContactEntity, ZaloTokenEntity, ZaloFeedbackEntity, ZaloAttachmentEntity];
