import { useEffect, useMemo, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import { get } from '../api';
import { PHONE_REASON } from '../board/labels';
import { useT, errorText, type Dict } from '../i18n';
import { onLinkClick } from '../router';
import { fmtDateTime, fmtRange, fmtTime } from '../time';
import { LEVELS, type Level } from '../types';
import { readinessLabel, type ReadinessCheck } from './release-changes';
import type { Report, ReportPoint } from './report-types';
import { GroupTimeline, TimeAxis, toRows } from './timeline';
import './broadcast.css';

/** Groups larger than this start collapsed (a district's communes are read on demand). */
const OPEN_UP_TO = 300;
/** Never-connected points listed by name before "and n more". */
const LIST_MAX = 200;

/**
 * `/report/:id`: the post-conference report for the chair: the counts, a timeline per level (one row per point, its
 * connected intervals as bars, drops in red; each level collapsible), the points that never connected, roll calls,
 * planned against actual agenda times, readiness. Printable on A4 (the browser's print). How each site took part, as
 * the operators marked it on the board (in person, confirmed by phone, absent and why), is written under its level's
 * rows and beside it in the never-connected list.
 */
export function ReportPage({ conferenceId }: { conferenceId: string }) {
  const T = useT();
  const [report, setReport] = useState<Report | null>(null);
  const [zone, setZone] = useState('Asia/Ho_Chi_Minh');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Partial<Record<Level, boolean>>>({});
  const [checks, setChecks] = useState<ReadinessCheck[]>([]);

  useEffect(() => {
    const t0 = performance.now();
    const id = encodeURIComponent(conferenceId);
    // The report has its zone; the conference (without its invited points: megabytes at 10,000) names the readiness
    // checks. Read together; without the names the keys are shown.
    const named = get<{ readiness?: ReadinessCheck[] }>(`/api/conferences/${id}?points=none`).then(
      (c) => c.readiness ?? [],
      () => [],
    );
    Promise.all([get<Report>(`/api/conferences/${id}/report`), named]).then(
      ([r, c]) => {
        setChecks(c);
        setZone(r.timezone);
        setReport(r);
        setOpen(Object.fromEntries(LEVELS.map((l) => [l, (r.byLevel[l]?.invited ?? 0) <= OPEN_UP_TO])));
        // The time to fetch, parse and draw: printed by the browser test (test/browser/broadcast.e2e-spec.ts).
        requestAnimationFrame(() =>
          requestAnimationFrame(() => ((window as unknown as { __reportDrawnMs?: number }).__reportDrawnMs = performance.now() - t0)),
        );
      },
      (e) => setError(errorText(e)),
    );
  }, [conferenceId]);

  const now = useMemo(() => (report ? Date.parse(report.generatedAt) : 0), [report]);
  const groups = useMemo(() => {
    if (!report) return [];
    const by = new Map<Level, ReportPoint[]>();
    for (const p of report.points) {
      let list = by.get(p.level);
      if (!list) by.set(p.level, (list = []));
      list.push(p);
    }
    return LEVELS.filter((l) => by.has(l)).map((l) => ({
      level: l,
      points: by.get(l)!,
      rows: toRows(by.get(l)!, now),
      marked: by.get(l)!.filter((p) => p.attendance),
    }));
  }, [report, now]);

  if (error) {
    return (
      <section class="card">
        <h1>{T.bc.report}</h1>
        <p role="alert">{error}</p>
        <a href="/" onClick={onLinkClick}>
          {T.backHome}
        </a>
      </section>
    );
  }
  if (!report) return <p aria-busy="true">{T.loading}</p>;

  const from = Date.parse(report.startsAt);
  const to = Date.parse(report.endsAt);
  const hm = (t: number) => DateTime.fromMillis(t, { zone }).toFormat('HH:mm');
  const names = new Map(report.points.map((p) => [p.pointId, p]));
  const never = report.neverConnected.map((id) => names.get(id)).filter((p): p is ReportPoint => !!p);

  return (
    <div class="report" data-report-points={report.points.length}>
      <header class="report-head">
        <div>
          <h1>{T.bc.reportOf(report.title)}</h1>
          <p class="muted">
            {fmtRange(report.startsAt, report.endsAt, zone)} · {fmtDateTime(report.generatedAt, zone)}
          </p>
        </div>
        <button type="button" class="btn primary screen-only" onClick={() => window.print()}>
          {T.bc.print}
        </button>
      </header>

      <section class="stats" aria-label={T.bc.report}>
        <Stat label={T.bc.invited} value={report.invited} />
        <Stat label={T.bc.everConnected} value={report.everConnected} />
        <Stat label={T.bc.neverConnected} value={report.neverConnected.length} warn={report.neverConnected.length > 0} />
        <Stat label={T.bc.onlineAtStart} value={report.onlineAtStart} />
        <Stat label={T.bc.peakOnline} value={report.peakOnline} />
        <Stat label={T.bc.drops} value={report.drops} warn={report.drops > 0} />
        <Stat label={T.bc.notices} value={report.notices} />
      </section>

      <section class="card">
        <h2>{T.bc.byLevel}</h2>
        <div class="table-wrap">
          <table class="table" data-testid="by-level">
            <thead>
              <tr>
                <th>{T.level}</th>
                <th>{T.bc.invited}</th>
                <th>{T.bc.everConnected}</th>
                <th>{T.bc.neverConnected}</th>
              </tr>
            </thead>
            <tbody>
              {LEVELS.filter((l) => report.byLevel[l]).map((l) => (
                <tr key={l}>
                  <td>{T.levels[l]}</td>
                  <td>{report.byLevel[l]!.invited}</td>
                  <td>{report.byLevel[l]!.everConnected}</td>
                  <td>{report.byLevel[l]!.invited - report.byLevel[l]!.everConnected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card timeline">
        <div class="row-between">
          <h2>{T.bc.timeline}</h2>
          <span class="screen-only">
            <button type="button" class="btn small" onClick={() => setOpen(Object.fromEntries(LEVELS.map((l) => [l, true])))}>
              {T.bc.expandAll}
            </button>{' '}
            <button type="button" class="btn small" onClick={() => setOpen({})}>
              {T.bc.collapseAll}
            </button>
          </span>
        </div>
        <TimeAxis from={from} to={to} zoneLabel={hm} />
        {groups.map((g) => (
          <div key={g.level} class="tl-group" data-level={g.level}>
            <button type="button" class="tl-group-head" aria-expanded={!!open[g.level]} onClick={() => setOpen({ ...open, [g.level]: !open[g.level] })}>
              <span aria-hidden="true">{open[g.level] ? '▾' : '▸'}</span> {T.levels[g.level]} · {T.bc.points(g.points.length)} ·{' '}
              {T.bc.everConnected.toLowerCase()} {report.byLevel[g.level]?.everConnected ?? 0}
            </button>
            {open[g.level] && <GroupTimeline rows={g.rows} from={from} to={to} label={`${T.bc.timeline}: ${T.levels[g.level]}`} />}
            {/* The rows are drawn on a canvas: the marked points of the level are written out beside them, in text
                (a few points; shown with a collapsed level too, so that the print keeps them). */}
            {g.marked.length > 0 && (
              <ul class="tl-marks" data-testid="attendance-marks">
                {g.marked.slice(0, LIST_MAX).map((p) => (
                  <li key={p.pointId} data-point={p.code}>
                    <strong>{p.code}</strong> {p.name}: <Mark T={T} point={p} />
                  </li>
                ))}
                {g.marked.length > LIST_MAX && <li>… +{g.marked.length - LIST_MAX}</li>}
              </ul>
            )}
          </div>
        ))}
        <p class="legend">
          <span class="sw bar" /> {T.bc.everConnected} <span class="sw drop" /> {T.bc.drops}
        </p>
      </section>

      <section class="card">
        <h2>
          {T.bc.neverConnected} ({never.length})
        </h2>
        {never.length === 0 ? (
          <p>{T.bc.none}</p>
        ) : (
          <ul class="never" data-testid="never-connected">
            {never.slice(0, LIST_MAX).map((p) => (
              <li key={p.pointId} data-point={p.code}>
                <strong>{p.code}</strong> {p.name}
                {p.attendance && (
                  <>
                    {' '}
                    — <Mark T={T} point={p} />
                  </>
                )}
              </li>
            ))}
            {never.length > LIST_MAX && <li>… +{never.length - LIST_MAX}</li>}
          </ul>
        )}
      </section>

      <section class="card">
        <h2>{T.bc.rollcalls}</h2>
        {report.rollcalls.length === 0 ? (
          <p>{T.bc.none}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>{T.bc.actual}</th>
                  <th>{T.bc.answered}</th>
                  <th>{T.bc.missing}</th>
                </tr>
              </thead>
              <tbody>
                {report.rollcalls.map((r) => (
                  <tr key={r.at}>
                    <td>{fmtTime(r.at, zone)}</td>
                    <td>{r.answered.length}</td>
                    <td>{r.missing.map((id) => names.get(id)?.code ?? id).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card">
        <h2>{T.bc.plannedVsActual}</h2>
        <div class="table-wrap">
          <table class="table" data-testid="agenda-times">
            <thead>
              <tr>
                <th>{T.bc.item}</th>
                <th>{T.bc.planned}</th>
                <th>{T.bc.actual}</th>
                <th>{T.bc.delay}</th>
              </tr>
            </thead>
            <tbody>
              {report.agenda.map((a) => (
                <tr key={a.itemId} class={a.delayMinutes != null && a.delayMinutes >= 5 ? 'late' : ''}>
                  <td>{a.title}</td>
                  <td>{fmtTime(a.plannedStartAt, zone)}</td>
                  <td>{a.actualStartAt ? fmtTime(a.actualStartAt, zone) : T.bc.notStarted}</td>
                  <td>{a.delayMinutes == null ? '—' : T.bc.delayMinutes(a.delayMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {Object.keys(report.readiness).length > 0 && (
        <section class="card">
          <h2>{T.bc.readiness}</h2>
          <div class="table-wrap">
            <table class="table" data-testid="readiness-counts">
              <tbody>
                {Object.entries(report.readiness).map(([key, c]) => (
                  <tr key={key}>
                    <td>{readinessLabel(checks, key)}</td>
                    <td>
                      {c.ok}/{c.total}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

/**
 * How a point took part, as marked on the board, in words with its reason, the board's words: "Vắng mặt (lý do: …)",
 * "Dự trực tuyến (Đã xác nhận qua điện thoại)", "Dự trực tiếp". Null when it was not marked.
 */
function attendanceText(T: Dict, p: Pick<ReportPoint, 'attendance' | 'attendanceReason'>): string | null {
  if (!p.attendance) return null;
  const reason = p.attendanceReason?.trim();
  if (p.attendance === 'absent') return reason ? T.absentReason(reason) : T.attendance.absent;
  const mark = T.attendance[p.attendance];
  return reason ? `${mark} (${reason === PHONE_REASON ? T.confirmedByPhone : reason})` : mark;
}

function Mark({ T, point }: { T: Dict; point: ReportPoint }) {
  return <span class={`report-mark att-${point.attendance}`}>{attendanceText(T, point)}</span>;
}

function Stat({ label, value, warn }: { label: string; value: number; warn?: boolean }) {
  return (
    <div class={`stat ${warn ? 'warn' : ''}`}>
      <strong>{value.toLocaleString('vi-VN')}</strong>
      <span>{label}</span>
    </div>
  );
}
