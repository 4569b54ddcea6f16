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

  constructor(
    private readonly fetchContact: (pointId: string) => Promise<Contact>,
    private readonly batchMs = 100,
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
    this.fetchContact(entry.pointId)
      .then((c) => this.cache.set(entry.pointId, c))
      .catch(() => this.cache.set(entry.pointId, { name: null, phone: null }))
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
