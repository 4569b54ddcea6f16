import type { Level } from '../types';

/** `GET /api/conferences/:id/report` (CONTRACT.md v2, "After the broadcast"). */
export interface ReportInterval {
  from: string;
  to: string | null;
}
export interface ReportPoint {
  pointId: string;
  code: string;
  name: string;
  level: Level;
  intervals: ReportInterval[];
  drops: number;
  connectedSeconds: number;
  attendance: 'online' | 'in_person' | 'absent' | null;
}
export interface Report {
  conferenceId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  generatedAt: string;
  invited: number;
  onlineAtStart: number;
  peakOnline: number;
  everConnected: number;
  neverConnected: string[];
  drops: number;
  byLevel: Partial<Record<Level, { invited: number; everConnected: number }>>;
  points: ReportPoint[];
  rollcalls: Array<{ at: string; answered: string[]; missing: string[] }>;
  notices: number;
  agenda: Array<{ itemId: string; title: string; plannedStartAt: string; actualStartAt: string | null; delayMinutes: number | null }>;
  readiness: Record<string, { ok: number; total: number }>;
}
