import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import type { ReadinessCheck } from '../readiness-checks';

export { FORMATS, STATUSES, type ConferenceFormat, type ConferenceStatus } from '../../common/domain';
import type { ConferenceFormat, ConferenceStatus } from '../../common/domain';

@Entity('conferences')
@Index(['startsAt', 'endsAt'])
export class ConferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  format: ConferenceFormat;

  @Column({ type: 'varchar', length: 100, nullable: true })
  category: string | null;

  @Column({ name: 'starts_at', type: TIMESTAMP })
  startsAt: Date;

  @Column({ name: 'ends_at', type: TIMESTAMP })
  endsAt: Date;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ name: 'host_point_id', type: 'uuid' })
  hostPointId: string;

  @Column({ type: 'varchar', length: 16 })
  status: ConferenceStatus;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;

  /** Readiness checks (v2); null = the defaults (`readinessOf`). */
  @Column({ type: 'simple-json', nullable: true })
  readiness: ReadinessCheck[] | null;

  /** Cap on points online at once (v2); null = no cap. */
  @Column({ name: 'max_connected_points', type: 'integer', nullable: true })
  maxConnectedPoints: number | null;
}
