import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import type { ReleasedItem, ReleaseChange } from './release-diff';

/** One release of a conference's agenda: written once, never updated. */
@Entity('agenda_releases')
export class AgendaReleaseEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  by: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'agenda_version', type: 'integer' })
  agendaVersion: number;

  @Column({ type: 'simple-json' })
  items: ReleasedItem[];

  @Column({ type: 'simple-json' })
  changes: ReleaseChange[];

  /** The conference's times when it was released (its printed header); null for releases made before they were kept. */
  @Column({ name: 'conference_starts_at', type: TIMESTAMP, nullable: true })
  conferenceStartsAt: Date | null;

  @Column({ name: 'conference_ends_at', type: TIMESTAMP, nullable: true })
  conferenceEndsAt: Date | null;
}
