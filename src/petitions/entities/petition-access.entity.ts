import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** A staff user received a petition with its submitter data (Nghị định 13/2023). */
@Entity('petition_access_log')
@Index('IDX_petition_access_petition', ['petitionId', 'at'])
export class PetitionAccessEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  by: string;

  @Column({ type: 'varchar', length: 16 })
  role: string;
}
