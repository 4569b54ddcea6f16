import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { errorText } from '../i18n';
import { Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import { useDepartments } from './data';
import { PT, usePT } from './i18n';
import { setCurrentPetition, useCurrentPetition } from './live-petition';
import { leadName, PetitionStatusBadge } from './parts';
import { useQueue } from './queue';
import type { LivePetition, Petition } from './types';
import './petitions.css';

/**
 * The board's "Kiến nghị" panel: the conference's queue, the petition being answered (pushed to every point),
 * and "answered on the spot" in two clicks (the first opens the answer with a prefilled text, the second records it).
 */
export function BoardPetitionsPanel({ conferenceId, conferenceTitle }: { conferenceId: string; conferenceTitle: string }) {
  const P = usePT();
  const session = useSession()!;
  const departments = useDepartments();
  const current = useCurrentPetition(conferenceId);
  const { items, error, reload } = useQueue(conferenceId, current?.id ?? null, 20_000);
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answering, setAnswering] = useState<{ id: string; text: string } | null>(null);
  // Picking the current petition is the operator's (CONTRACT-PETITIONS: `POST …/petitions/current` (operator)); admin may too.
  const canOperate = can(session, 'operator');
  // Organizers answer; the operator records an answer given on stage (the API allows operators `on_spot` only).
  const canAnswer = can(session, 'organizer', 'operator');

  async function setCurrent(p: Petition | null) {
    setBusy(true);
    setMsg(null);
    try {
      await post(`/api/conferences/${conferenceId}/petitions/current`, { petitionId: p?.id ?? null });
      // the `petition` event follows; show it at once on this board as well
      const live: LivePetition | null = p
        ? {
            id: p.id,
            code: p.code,
            title: p.title,
            field: p.field,
            organization: p.anonymous ? null : (p.submitter?.organization ?? null),
            leadDepartment: p.leadDepartmentId ? { name: leadName(p, departments) } : null,
          }
        : null;
      if (!current || !p || current.id !== p.id) setCurrentPetition(conferenceId, live);
    } catch (e) {
      setMsg(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function answerOnSpot(p: Petition, text: string) {
    setBusy(true);
    setMsg(null);
    try {
      await post(`/api/petitions/${p.id}/answer`, { mode: 'on_spot', text, version: p.version });
      setAnswering(null);
      reload();
    } catch (e) {
      setMsg(e instanceof ApiError && e.code === 'stale_version' ? PT().stale : errorText(e));
      reload();
    } finally {
      setBusy(false);
    }
  }

  const list = items ?? [];
  return (
    <section class="panel petitions-panel" aria-labelledby="bp-h" data-panel="petitions">
      <h2 id="bp-h">
        {P.boardPanel} <span class="muted small">({list.length})</span>
      </h2>
      {error && <Notice kind="error">{error}</Notice>}
      {msg && <Notice kind="error">{msg}</Notice>}
      {items && list.length === 0 && <p class="muted small">{P.qaEmpty}</p>}
      <ol class="pt-queue">
        {list.map((p, idx) => {
          const isCurrent = current?.id === p.id;
          const lead = leadName(p, departments);
          return (
            <li key={p.id} class={isCurrent ? 'current' : ''} data-queue-code={p.code} data-current={isCurrent ? 'true' : undefined}>
              <div class="q-row">
                <div class="grow">
                  <div>
                    <span class="muted">{idx + 1}.</span> <span class="q-code">{p.code}</span> <PetitionStatusBadge status={p.status} />
                  </div>
                  <div class="small">
                    <a href={`/petitions/${p.id}`} onClick={onLinkClick} target="_blank" rel="noreferrer">
                      {p.title}
                    </a>
                  </div>
                  <div class="muted small">{lead || P.noDept}</div>
                </div>
                {canOperate && !isCurrent && (
                  <button
                    type="button"
                    class="btn small"
                    disabled={busy}
                    onClick={() => setCurrent(p)}
                    aria-label={P.setCurrentLabel(p.code)}
                    data-action="set-current"
                  >
                    ▶ {P.setCurrent}
                  </button>
                )}
              </div>
              {isCurrent && (
                <div class="row wrap" style={{ marginTop: '0.3rem' }}>
                  <span class="chip warn" title={P.current}>
                    ● {P.current}
                  </span>
                  {canOperate && (
                    <button type="button" class="btn small ghost" disabled={busy} onClick={() => setCurrent(null)} data-action="clear-current">
                      {P.clearCurrent}
                    </button>
                  )}
                </div>
              )}
              {isCurrent && canAnswer && p.status === 'assigned' && answering?.id !== p.id && (
                <button
                  type="button"
                  class="btn small primary"
                  disabled={busy}
                  onClick={() => setAnswering({ id: p.id, text: P.onSpotText(conferenceTitle) })}
                  data-action="answered-on-spot"
                >
                  ✓ {P.markOnSpot}
                </button>
              )}
              {isCurrent && canAnswer && p.status === 'received' && <p class="small warn-text">{P.needsAssign}</p>}
              {answering?.id === p.id && (
                <form
                  class="form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (answering.text.trim()) void answerOnSpot(p, answering.text.trim());
                  }}
                >
                  <label>
                    <span class="small">{P.answerText}</span>
                    <textarea rows={2} value={answering.text} onInput={(e) => setAnswering({ id: p.id, text: e.currentTarget.value })} />
                  </label>
                  <div class="row">
                    <button type="submit" class="btn small primary" disabled={busy} data-action="confirm-on-spot">
                      ✓ {P.confirmOnSpot}
                    </button>
                    <button type="button" class="btn small ghost" onClick={() => setAnswering(null)}>
                      ✕
                    </button>
                  </div>
                </form>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
