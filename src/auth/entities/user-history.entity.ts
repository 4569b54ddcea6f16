import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';
import type { AccountAction } from '../accounts';

/** One kept change of an account, written in the transaction of the change itself. Never a password or a hash. */
@Entity('user_history')
@Index('IDX_user_history_user', ['userId', 'at'])
export class UserHistoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  /** One of ACCOUNT_ACTIONS. */
  @Column({ type: 'varchar', length: 16 })
  action: AccountAction;

  /** The account that made the change; null for the system (the first admin, the demo's accounts). */
  @Column({ name: 'by_user_id', type: 'uuid', nullable: true })
  byUserId: string | null;

  /** Role, point id or department id before a `role`/`point`/`department` change (null: none). */
  @Column({ name: 'from_value', type: 'text', nullable: true })
  from: string | null;

  @Column({ name: 'to_value', type: 'text', nullable: true })
  to: string | null;
}
