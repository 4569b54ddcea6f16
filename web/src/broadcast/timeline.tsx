import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportPoint } from './report-types';

/** Row height and the label column of the timeline, in CSS pixels. */
export const ROW_H = 16;
const LABEL_W = 250;
/** The label column at a width: 250 px, at most two fifths of a narrow (phone) width so the bars keep the rest. */
export function labelWidth(width: number): number {
  return Math.min(LABEL_W, Math.round(width * 0.4));
}
/** The least room an axis mark takes ('08:30' and a gap), in CSS pixels. */
const MARK_W = 48;
/** Groups up to this many rows get one canvas for all their rows (at most 4,800 px tall). */
const DRAW_WHOLE = 300;
const COLORS = { bar: '#2e7d32', drop: '#c62828', grid: '#e3e7ec', text: '#1d2733', muted: '#6b7785', zebra: '#f7f9fb' };

/** A point's intervals as epoch ms (an open one runs to `now`), prepared once per report. */
export interface TimelineRow {
  code: string;
  name: string;
  bars: Array<[number, number]>;
  /** Instants where the point dropped (the end of an interval followed by a reconnect, or a drop not followed by one). */
  drops: number[];
}

export function toRows(points: readonly ReportPoint[], now: number): TimelineRow[] {
  return points.map((p) => {
    const bars = p.intervals.map((i): [number, number] => [Date.parse(i.from), i.to === null ? now : Date.parse(i.to)]);
    const drops: number[] = [];
    for (let k = 0; k < bars.length - 1; k++) drops.push(bars[k][1]);
    // More drops than gaps: the last interval ended with a drop too (the point did not come back).
    if (p.drops > drops.length && bars.length && p.intervals[bars.length - 1].to !== null) drops.push(bars[bars.length - 1][1]);
    return { code: p.code, name: p.name, bars, drops };
  });
}

/** Draws rows [first, last) of `rows` onto `ctx`, row `first` at y = 0. */
function drawRows(ctx: CanvasRenderingContext2D, rows: readonly TimelineRow[], first: number, last: number, width: number, from: number, to: number): void {
  const span = Math.max(1, to - from);
  const labelW = labelWidth(width);
  const plotW = Math.max(10, width - labelW - 8);
  const x = (t: number) => labelW + ((Math.min(Math.max(t, from), to) - from) / span) * plotW;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (let i = first; i < last; i++) {
    const r = rows[i];
    const y = (i - first) * ROW_H;
    if (i % 2) {
      ctx.fillStyle = COLORS.zebra;
      ctx.fillRect(0, y, width, ROW_H);
    }
    ctx.fillStyle = r.bars.length ? COLORS.text : COLORS.muted;
    ctx.fillText(fit(ctx, `${r.code}  ${r.name}`.slice(0, 40), labelW - 8), 4, y + ROW_H / 2);
    ctx.fillStyle = COLORS.bar;
    // Whole pixels: crisp bars, and a connection of a few seconds still shows (2 px at least).
    for (const [a, b] of r.bars) {
      const x0 = Math.round(x(a));
      ctx.fillRect(x0, y + 3, Math.max(2, Math.round(x(b)) - x0), ROW_H - 6);
    }
    ctx.fillStyle = COLORS.drop;
    for (const d of r.drops) ctx.fillRect(Math.round(x(d)) - 1, y + 1, 3, ROW_H - 2);
  }
}

/** The text cut with '…' to fit `max` pixels (canvas squeezes a longer text to fit instead, unreadable on a phone). */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > max) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

/**
 * The connected intervals of one group of points, one row each, as bars across the conference window; drops in red.
 * Virtualised: the group takes its full height on the page, but one canvas (the viewport's height) draws only the
 * rows in view, redrawn on scroll, so 10,000 rows cost what 60 do. Printing draws every row into static canvases.
 */
export function GroupTimeline({ rows, from, to, label }: { rows: readonly TimelineRow[]; from: number; to: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const printBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let frame = 0;
    const draw = () => {
      frame = 0;
      const el = box.current;
      const c = canvas.current;
      if (!el || !c) return;
      const rect = el.getBoundingClientRect();
      const width = Math.floor(el.clientWidth);
      // A small group is drawn whole (a full-page screenshot or a long window shows all of it); a large one only in view.
      const whole = rows.length <= DRAW_WHOLE;
      const top = whole ? 0 : Math.max(0, -rect.top);
      const bottom = whole ? rect.height : Math.min(rect.height, window.innerHeight - rect.top);
      if (bottom <= top) {
        c.style.display = 'none';
        return;
      }
      const first = Math.floor(top / ROW_H);
      const last = Math.min(rows.length, Math.ceil(bottom / ROW_H));
      const h = (last - first) * ROW_H;
      const dpr = window.devicePixelRatio || 1;
      c.style.display = 'block';
      c.style.top = `${first * ROW_H}px`;
      c.style.width = `${width}px`;
      c.style.height = `${h}px`;
      if (c.width !== Math.round(width * dpr) || c.height !== Math.round(h * dpr)) {
        c.width = Math.round(width * dpr);
        c.height = Math.round(h * dpr);
      }
      const ctx = c.getContext('2d')!;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, h);
      drawRows(ctx, rows, first, last, width, from, to);
      c.dataset.rows = `${first}-${last}`;
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    draw();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    // Printing: every row, in static canvases of at most CHUNK rows (a canvas has a size limit).
    const CHUNK = 1000;
    const beforePrint = () => {
      const pb = printBox.current;
      const el = box.current;
      if (!pb || !el) return;
      const width = 720;
      for (let first = 0; first < rows.length; first += CHUNK) {
        const last = Math.min(rows.length, first + CHUNK);
        const c = document.createElement('canvas');
        c.width = width * 2;
        c.height = (last - first) * ROW_H * 2;
        c.style.width = '100%';
        const ctx = c.getContext('2d')!;
        ctx.setTransform(2, 0, 0, 2, 0, 0);
        drawRows(ctx, rows, first, last, width, from, to);
        pb.appendChild(c);
      }
    };
    const afterPrint = () => printBox.current?.replaceChildren();
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
    };
  }, [rows, from, to]);

  return (
    <>
      <div ref={box} class="tl-rows screen-only" style={{ height: `${rows.length * ROW_H}px` }} role="img" aria-label={label} data-rows={rows.length}>
        <canvas ref={canvas} class="tl-canvas" />
      </div>
      <div ref={printBox} class="print-only tl-print" />
    </>
  );
}

/**
 * Hour and half-hour marks across the window, aligned with the bars; on a narrow (phone) width, fewer marks, so that
 * they do not run into each other.
 */
export function TimeAxis({ from, to, zoneLabel }: { from: number; to: number; zoneLabel: (t: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const measure = () => setWidth(box.current?.clientWidth ?? 0);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  const span = Math.max(1, to - from);
  const labelW = width ? labelWidth(width) : LABEL_W;
  const room = width ? Math.floor((width - labelW - 8) / MARK_W) : Infinity;
  let step = span > 6 * 3600_000 ? 3600_000 : span > 2 * 3600_000 ? 30 * 60_000 : 15 * 60_000;
  while (span / step > room && step < 24 * 3600_000) step *= 2;
  const marks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) marks.push(t);
  return (
    <div ref={box} class="tl-axis" style={{ paddingLeft: `${labelW}px` }}>
      <div class="tl-axis-inner">
        {marks.map((t) => (
          <span key={t} style={{ left: `${((t - from) / span) * 100}%` }}>
            {zoneLabel(t)}
          </span>
        ))}
      </div>
    </div>
  );
}
