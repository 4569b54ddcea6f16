import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/** An admin's override of one day of the working-day calendar; it wins over the computed one. */
@Entity('calendar_overrides')
export class CalendarOverrideEntity {
  /** `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'boolean' })
  working: boolean;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
