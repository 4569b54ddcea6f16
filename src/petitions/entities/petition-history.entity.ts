import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import type { HistoryAction } from '../rules/petition-status';

/** One kept transition of a petition (creation is not one). */
@Entity('petition_history')
@Index('IDX_petition_history_petition', ['petitionId', 'at'])
export class PetitionHistoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  by: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  from: string;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  to: string;

  /** The action that made it (one of HISTORY_ACTIONS). */
  @Column({ type: 'varchar', length: 16 })
  action: HistoryAction;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** JSON of what changed besides the status (lead department, due date, merged into…). */
  @Column({ type: 'text', nullable: true })
  details: string | null;
}
