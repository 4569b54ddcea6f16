import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export { ITEM_KINDS, type ItemKind } from '../../common/domain';
import type { ItemKind } from '../../common/domain';

@Entity('agenda_items')
@Index(['conferenceId', 'position'])
export class AgendaItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ItemKind;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  presenter: string | null;

  @Column({ name: 'responsible_unit', type: 'varchar', length: 255, nullable: true })
  responsibleUnit: string | null;

  @Column({ name: 'point_id', type: 'uuid', nullable: true })
  pointId: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'actual_start_at', type: TIMESTAMP, nullable: true })
  actualStartAt: Date | null;

  @Column({ name: 'actual_end_at', type: TIMESTAMP, nullable: true })
  actualEndAt: Date | null;
}
