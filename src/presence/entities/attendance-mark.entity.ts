import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export { ATTENDANCE } from '../../common/domain';
import type { AttendanceKind as Attendance } from '../../common/domain';
export type { Attendance };

/** How an operator recorded that a point takes part, whatever its socket says. */
@Entity('attendance_marks')
export class AttendanceMarkEntity {
  @PrimaryColumn({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @PrimaryColumn({ name: 'point_id', type: 'uuid' })
  pointId: string;

  @Column({ type: 'varchar', length: 16 })
  attendance: Attendance;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'marked_by', type: 'varchar', length: 64 })
  markedBy: string;

  @Column({ name: 'marked_at', type: TIMESTAMP })
  markedAt: Date;
}
