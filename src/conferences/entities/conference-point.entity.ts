import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export type { InvitationRole, Mode as InvitationMode } from '../../common/domain';
import type { InvitationRole, Mode as InvitationMode } from '../../common/domain';

/** An invitation: a point linked to a conference. */
@Entity('conference_points')
@Index(['pointId'])
export class ConferencePointEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @PrimaryColumn({ name: 'point_id', type: 'uuid' })
  pointId: string;

  @Column({ type: 'varchar', length: 16 })
  role: InvitationRole;

  @Column({ type: 'varchar', length: 16 })
  mode: InvitationMode;

  @Column({ name: 'expected_attendees', type: 'integer', nullable: true })
  expectedAttendees: number | null;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}
