import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A supporting department (đơn vị phối hợp) of a petition. */
@Entity('petition_support_departments')
@Index('IDX_petition_support_department', ['departmentId'])
export class PetitionSupportEntity {
  @PrimaryColumn({ name: 'petition_id', type: 'uuid' })
  petitionId: string;

  @PrimaryColumn({ name: 'department_id', type: 'uuid' })
  departmentId: string;

  @Column({ type: 'integer' })
  position: number;
}
