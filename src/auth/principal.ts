import type { Role } from './entities/user.entity';

/** A signed-in user (admin, organizer, operator or a point's staff account). */
export interface UserPrincipal {
  kind: 'user';
  id: string;
  username: string;
  role: Role;
  pointId: string | null;
  /** For role `department`: its department. */
  departmentId?: string | null;
  /** When the token stops being valid (epoch ms), if it says: an open socket re-checks it on every event. */
  expiresAt?: number;
  /** The user's token generation the token was signed with (a sign-out raises the user's; see `AuthService.isCurrent`). */
  tokenGeneration?: number;
}

/** A check-in link: acts as role `point` for one point in one conference only. */
export interface LinkPrincipal {
  kind: 'link';
  linkId: string;
  role: 'point';
  pointId: string;
  conferenceId: string;
  /** When the link stops being valid (epoch ms). */
  expiresAt?: number;
}

export type Principal = UserPrincipal | LinkPrincipal;

/** Who did it, for history and attendance marks. */
export function actorName(p: Principal): string {
  return p.kind === 'user' ? p.username : `link:${p.pointId}`;
}

/** The account that acts, for the account history; null for a check-in link (it never reaches those routes). */
export function actorId(p: Principal): string | null {
  return p.kind === 'user' ? p.id : null;
}
