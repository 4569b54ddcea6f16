import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export { LEVELS, type Level } from '../common/domain';
import type { Level } from '../common/domain';

@Entity('bridge_points')
export class BridgePointEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  @Index()
  level: Level;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  @Index()
  parentId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ name: 'contact_name', type: 'varchar', length: 255, nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised by every change (PATCH, DELETE, a CSV import's update): an edit sent with an older one is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** Code and name folded to lower-case ASCII (đ→d, accents dropped) for accent-insensitive search. */
  @Column({ name: 'search_text', type: 'varchar', length: 600 })
  searchText: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
