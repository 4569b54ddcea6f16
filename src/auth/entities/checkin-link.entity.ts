import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/column-types';

/** One issued check-in link; its id is the token's `jti`. Issuing again revokes the older ones. */
@Entity('checkin_links')
@Index(['conferenceId', 'pointId'])
export class CheckinLinkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'conference_id', type: 'uuid' })
  conferenceId: string;

  @Column({ name: 'point_id', type: 'uuid' })
  pointId: string;

  @Column({ name: 'expires_at', type: TIMESTAMP })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  /** SHA-256 (hex) of the link's short code; null for links issued before short codes existed (filled when listed). */
  @Column({ name: 'short_code_hash', type: 'varchar', length: 64, nullable: true })
  shortCodeHash: string | null;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}
