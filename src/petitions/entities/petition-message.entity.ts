import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export const DIRECTIONS = ['in', 'out', 'note'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** `sending`: a channel's reply whose slot is reserved while the channel (Zalo) is being called; then `sent` or `failed`. */
export const MESSAGE_STATUSES = ['received', 'sending', 'sent', 'delivered', 'seen', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface MessageAttachment {
  name: string;
  url: string;
  type: string;
  size: number;
  /** A copy kept by the server (Zalo removes files after about a week): its id, served at `downloadUrl`. */
  id?: string;
  downloadUrl?: string;
}

/** One message of a petition's thread: from the submitter (`in`), to them (`out`) or an internal `note`. */
@Entity('petition_messages')
@Index('IDX_petition_messages_petition', ['petitionId', 'at'])
export class PetitionMessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 8 })
  direction: Direction;

  /** Username of the staff member (`out`, `note`); null for `in`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  by: string | null;

  @Column({ type: 'text' })
  text: string;

  /** JSON array of attachments. */
  @Column({ type: 'text' })
  attachments: string;

  @Column({ type: 'varchar', length: 16 })
  status: MessageStatus;

  @Column({ name: 'zalo_message_id', type: 'varchar', length: 64, nullable: true })
  zaloMessageId: string | null;
}
