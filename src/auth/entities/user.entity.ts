import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

export { ROLES, type Role } from '../../common/domain';
import type { Role } from '../../common/domain';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** Lower-cased username: unique regardless of case. */
  @Column({ name: 'username_key', type: 'varchar', length: 64, unique: true })
  usernameKey: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'point_id', type: 'uuid', nullable: true })
  pointId: string | null;

  /** The department a `department` user works for. */
  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  /** False = locked by an admin: it cannot sign in, and its tokens were revoked when it was locked. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised by a sign-out: tokens signed with an older generation are refused. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration: number;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  /** The last successful password sign-in (not a check-in link); null before the first one. */
  @Column({ name: 'last_sign_in_at', type: TIMESTAMP, nullable: true })
  lastSignInAt: Date | null;
}
