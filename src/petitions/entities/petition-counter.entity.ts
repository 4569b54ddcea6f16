import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last tracking number given in a year; incremented in the transaction that inserts the petition. */
@Entity('petition_counters')
export class PetitionCounterEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  n: number;
}
