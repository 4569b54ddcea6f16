import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** The petition being answered on stage at a conference. */
@Entity('conference_petition_state')
export class ConferencePetitionStateEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'current_petition_id', type: 'uuid', nullable: true })
  currentPetitionId: string | null;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
