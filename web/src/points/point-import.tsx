import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { Notice } from '../components/ui';
import { errorText, getLang } from '../i18n';
import type { components } from '../api/schema';
import { useAW } from './words';

type ImportResult = components['schemas']['ImportResult'];
/** A line error as the server sends it: `message` is "vi / en", `messages` each language. */
type LineError = components['schemas']['ImportLineError'] & { messages?: { vi: string; en: string } };

/** The contract's header (`POST /api/points/import`). */
export const CSV_HEADER = 'code,name,level,parentCode,address,contactName,contactPhone,capacity';
/** The template: the header only, with a BOM so spreadsheet programs keep Vietnamese typed into it. */
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${CSV_HEADER}\r\n`)}`;

type Outcome = { kind: 'done'; created: number; updated: number } | { kind: 'refused'; total: number; lines: LineError[] } | { kind: 'error'; text: string };

/** Admins: choose a CSV file, send it as `text/csv`; the counts on success, every bad line (nothing written) on 422. */
export function PointImport({ onImported }: { onImported: () => void }) {
  const A = useAW();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function send(e: Event) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      const r = await post<ImportResult>('/api/points/import', await file.text(), { contentType: 'text/csv' });
      setOutcome({ kind: 'done', created: r.created, updated: r.updated });
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.errors) {
        const lines = err.errors as LineError[];
        const total = (err.details as { totalErrors?: number } | undefined)?.totalErrors ?? lines.length;
        setOutcome({ kind: 'refused', total, lines });
      } else setOutcome({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const lang = getLang();
  return (
    <section class="card" aria-labelledby="pi-h" data-point-import>
      <h2 id="pi-h">{A.importTitle}</h2>
      <p class="muted small">{A.importIntro}</p>
      <p class="small">
        <code>{CSV_HEADER}</code> ·{' '}
        <a href={TEMPLATE_HREF} download="diem-cau-mau.csv" data-template>
          {A.template}
        </a>
      </p>
      <form class="row wrap" onSubmit={send}>
        <label>
          <span>{A.importFile}</span>
          <input type="file" name="csv" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </label>
        <button type="submit" class="btn primary" disabled={busy || !file}>
          {busy ? A.importing : A.importSend}
        </button>
      </form>
      {outcome?.kind === 'done' && (
        <Notice kind="success">
          <span data-import="done">{A.importDone(outcome.created, outcome.updated)}</span>
        </Notice>
      )}
      {outcome?.kind === 'error' && <Notice kind="error">{outcome.text}</Notice>}
      {outcome?.kind === 'refused' && (
        <Notice kind="error">
          <p data-import="refused">
            {A.importFailed(outcome.total)} {outcome.total > outcome.lines.length && A.importListed(outcome.lines.length)}
          </p>
          <table class="table small import-errors">
            <thead>
              <tr>
                <th>{A.lineNo}</th>
                <th>{A.lineMessage}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.lines.map((l) => (
                <tr key={l.line} data-line={l.line}>
                  <td>{l.line}</td>
                  <td>{l.messages?.[lang] ?? l.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Notice>
      )}
    </section>
  );
}
