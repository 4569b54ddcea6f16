import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** The agenda aggregate of one conference: its version and the item running now. */
@Entity('agendas')
export class AgendaEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'current_item_id', type: 'uuid', nullable: true })
  currentItemId: string | null;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
