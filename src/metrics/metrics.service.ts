import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this process (`GET /metrics`). One registry per application instance (tests start
 * several apps in one process, and prom-client's global registry refuses a second metric of the same name).
 * The presence hot path only calls the cheap methods below (a counter step, a gauge set, an observation).
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly sockets = new Gauge({
    name: 'diemcau_sockets_connected',
    help: 'Socket.IO sockets connected to /live on this instance',
    registers: [this.registry],
  });
  private readonly online = new Gauge({
    name: 'diemcau_points_online',
    help: 'Bridge points online per conference (as of the last board delta or snapshot)',
    labelNames: ['conference_id'],
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: 'diemcau_event_log_batch_size',
    help: 'Rows per presence event-log batch',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [this.registry],
  });
  private readonly writeSeconds = new Histogram({
    name: 'diemcau_event_log_write_seconds',
    help: 'Time to commit one presence event-log batch',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly writeFailures = new Counter({
    name: 'diemcau_event_log_write_failures_total',
    help: 'Presence event-log batches that failed',
    registers: [this.registry],
  });
  /** Registered at the first renewal: only an instance running with Redis holds a lease. */
  private leaseAge: Gauge | null = null;
  private leaseRenewedAt: number | null = null;

  /**
   * The heap in use just after the last major (mark-compact) collection: the live set, without the garbage that the
   * plain heap figure saws through between collections. A leak shows as this number climbing; `npm run bench:soak`
   * compares it over the run. 0 until the first major collection.
   */
  private readonly heapAfterMajorGc = new Gauge({
    name: 'diemcau_heap_after_major_gc_bytes',
    help: 'V8 heap used right after the last major (mark-compact) garbage collection',
    registers: [this.registry],
  });
  private readonly gcObserver = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR)) {
      this.heapAfterMajorGc.set(getHeapStatistics().used_heap_size);
    }
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'diemcau_' });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  onModuleDestroy(): void {
    this.gcObserver.disconnect();
  }

  socketConnected(): void {
    this.sockets.inc();
  }

  socketDisconnected(): void {
    this.sockets.dec();
  }

  pointsOnline(conferenceId: string, online: number): void {
    this.online.set({ conference_id: conferenceId }, online);
  }

  /** A conference forgotten by presence (ended): its label goes too, so labels do not pile up. */
  forgetConference(conferenceId: string): void {
    this.online.remove({ conference_id: conferenceId });
  }

  eventLogBatch(rows: number, seconds: number, ok: boolean): void {
    this.batchSize.observe(rows);
    this.writeSeconds.observe(seconds);
    if (!ok) this.writeFailures.inc();
  }

  /** The Redis lease was renewed now (the gauge reports its age at every scrape, so a stuck renewal shows as a growing number). */
  leaseRenewed(at = Date.now()): void {
    this.leaseRenewedAt = at;
    if (this.leaseAge) return;
    const renewedAt = () => this.leaseRenewedAt ?? Date.now();
    this.leaseAge = new Gauge({
      name: 'diemcau_lease_age_seconds',
      help: 'Seconds since this instance last renewed its Redis lease',
      registers: [this.registry],
      collect() {
        this.set((Date.now() - renewedAt()) / 1000);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
