import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** A kept change of title, time or status. */
@Entity('conference_history')
@Index(['conferenceId', 'at'])
export class ConferenceHistoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  /** Username of who made the change. */
  @Column({ type: 'varchar', length: 64 })
  by: string;

  @Column({ type: 'varchar', length: 32 })
  field: string;

  @Column({ name: 'from_value', type: 'text', nullable: true })
  from: string | null;

  @Column({ name: 'to_value', type: 'text', nullable: true })
  to: string | null;
}
