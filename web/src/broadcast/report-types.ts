import type { components } from '../api/schema';

/** `GET /api/conferences/:id/report` (CONTRACT.md v2, "After the broadcast"), generated from the OpenAPI document. */
export type Report = components['schemas']['ReportResponse'];
export type ReportPoint = components['schemas']['ReportPointResponse'];
export type ReportInterval = components['schemas']['ReportIntervalResponse'];
