import { afterPaint } from './paint-marks';

/** A point's contact as the board shows it. */
export interface Contact {
  name: string | null;
  phone: string | null;
}

/**
 * The contacts of the points the board lists as not online. Snapshot entries carry none (they would weigh on a
 * 10,000-point snapshot), so each is read once from `GET /api/points/:id`, when a list shows the point: `peek` is a
 * pure read for rendering, `request` (from an effect, never during render) starts the look-up; listeners hear once
 * for a burst of answers.
 */
export class ContactBook {
  private cache = new Map<string, Contact | 'loading'>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queued: string[] = [];

  /**
   * `later` runs the queued look-ups: by default after the next frame is painted, so that the board's first paint
   * (a list of up to hundreds of points not online) is not held up by as many `fetch` calls.
   */
  constructor(
    private readonly fetchContact: (pointId: string) => Promise<Contact>,
    private readonly batchMs = 100,
    private readonly later: (fn: () => void) => void = afterPaint,
  ) {}

  /** The contact known now: from the entry when it carries one, else from the cache; null while unknown. */
  peek(entry: { pointId: string; contactName?: string | null; contactPhone?: string | null }): Contact | null {
    if (entry.contactName !== undefined || entry.contactPhone !== undefined) return { name: entry.contactName ?? null, phone: entry.contactPhone ?? null };
    const c = this.cache.get(entry.pointId);
    return c && c !== 'loading' ? c : null;
  }

  /** Starts reading the contact unless it is known or on its way. */
  request(entry: { pointId: string; contactName?: string | null; contactPhone?: string | null }): void {
    if (entry.contactName !== undefined || entry.contactPhone !== undefined || this.cache.has(entry.pointId)) return;
    this.cache.set(entry.pointId, 'loading');
    if (this.queued.push(entry.pointId) === 1) this.later(() => this.startQueued());
  }

  private startQueued(): void {
    const ids = this.queued;
    this.queued = [];
    for (const id of ids)
      this.fetchContact(id)
        .then((c) => this.cache.set(id, c))
        .catch(() => this.cache.set(id, { name: null, phone: null }))
        .finally(() => this.arrived());
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private arrived(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.listeners.forEach((l) => l());
    }, this.batchMs);
  }
}
