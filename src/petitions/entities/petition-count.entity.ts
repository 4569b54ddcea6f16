import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Petitions counted per department, relation, kind, field and status, kept in the transaction of every change that
 * moves one of these (see `petition-counts.ts`), so that the inbox's counts per status never scan the petitions.
 * Each petition counts once as `lead` (of its lead department) or `none` (no lead yet), and once as `support` of each
 * supporting department.
 */
@Entity('petition_counts')
export class PetitionCountEntity {
  /** The department's id, or '' for `none`. */
  @PrimaryColumn({ name: 'department_id', type: 'varchar', length: 36 })
  departmentId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  relation: 'lead' | 'support' | 'none';

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  field: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'integer' })
  n: number;
}
