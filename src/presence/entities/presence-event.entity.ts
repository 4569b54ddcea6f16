import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/**
 * v2 adds `readiness` (a point's readiness report, and a checkpoint sent: detail.checkpoint) and `notice` (a notice
 * sent, filed under the host point with detail {noticeId, delivered}).
 */
export const EVENT_TYPES = ['checkin', 'connect', 'disconnect', 'lost', 'checkout', 'status', 'rollcall', 'readiness', 'notice'] as const;
export type PresenceEventType = (typeof EVENT_TYPES)[number];

/** The durable log of presence: written in batches before the ack; indexed in the order it is written (see the 1765900000000 migration). */
@Entity('presence_events')
@Index('IDX_presence_events_conf_id', ['conferenceId', 'id'])
export class PresenceEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'point_id', type: 'uuid' })
  pointId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  type: PresenceEventType;

  @Column({ type: 'simple-json', nullable: true })
  detail: Record<string, unknown> | null;
}
