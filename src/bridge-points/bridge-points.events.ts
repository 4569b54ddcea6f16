/**
 * Emitted with `emitAsync` (and awaited) before a point is deactivated, by `DELETE /api/points/:id` and by
 * `PATCH … {active: false}`. A listener refuses by throwing an `AppError` (e.g. 409 while the point is invited
 * to a conference that has not ended); the error reaches the client and nothing changes.
 * Listeners declared with `@OnEvent` must pass `{ suppressErrors: false }`, else Nest only logs what they throw.
 */
export const POINT_DEACTIVATING = 'point.deactivating';

export interface PointDeactivatingEvent {
  pointId: string;
}
