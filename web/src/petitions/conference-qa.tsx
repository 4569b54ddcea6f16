import { useEffect, useState } from 'preact/hooks';
import { get, put } from '../api';
import { Loading, Notice } from '../components/ui';
import { useT, errorText } from '../i18n';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import type { Conference } from '../types';
import { useCalendarFor } from './calendar';
import { useDepartments } from './data';
import { usePT } from './i18n';
import { DueCell, duesToCount, leadName, PetitionStatusBadge } from './parts';
import { useQueue } from './queue';
import type { ConferenceSummary, Petition } from './types';
import './petitions.css';

/** The tabs of a conference's pages: details, agenda, Q&A. */
export function ConferenceTabs({ conferenceId, here }: { conferenceId: string; here: 'info' | 'agenda' | 'qa' }) {
  const T = useT();
  const P = usePT();
  const tabs: Array<[typeof here, string, string]> = [
    ['info', `/conferences/${conferenceId}`, P.infoTab],
    ['agenda', `/conferences/${conferenceId}/agenda`, T.agenda],
    ['qa', `/conferences/${conferenceId}/qa`, P.qaTab],
  ];
  return (
    <nav class="tabs" aria-label={T.conference}>
      {tabs.map(([k, href, label]) => (
        <a key={k} href={href} onClick={onLinkClick} aria-current={k === here ? 'page' : undefined} data-tab={k}>
          {label}
        </a>
      ))}
    </nav>
  );
}

/**
 * `/conferences/:id/qa`: the petitions linked to the conference in the order they are taken on stage; organizers
 * reorder by drag and drop, or with Alt + ↑/↓ on a focused row (or its Up/Down buttons). Each move is saved at once.
 */
export function ConferenceQaPage({ conferenceId }: { conferenceId: string }) {
  const T = useT();
  const P = usePT();
  const session = useSession()!;
  const departments = useDepartments();
  const [conf, setConf] = useState<Conference | null>(null);
  const [summary, setSummary] = useState<ConferenceSummary | null>(null);
  const { items, setItems, error, reload } = useQueue(conferenceId, 0);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [drag, setDrag] = useState<{ id: string; over: number | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const days = useCalendarFor(duesToCount(items ?? []));
  const editable = can(session, 'organizer');

  useEffect(() => {
    get<Conference>(`/api/conferences/${conferenceId}`)
      .then((c) => {
        setConf(c);
        document.title = `${P.qaTab} · ${c.title}`;
      })
      .catch((e) => setMsg({ kind: 'error', text: errorText(e) }));
  }, [conferenceId]);
  useEffect(() => {
    get<ConferenceSummary>(`/api/conferences/${conferenceId}/petitions/summary`)
      .then(setSummary)
      .catch(() => undefined);
  }, [conferenceId, items?.length]);

  async function move(from: number, to: number) {
    if (!items || busy || from === to || to < 0 || to >= items.length) return;
    const before = items;
    const next = [...items];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x);
    setItems(next);
    setBusy(true);
    setMsg(null);
    try {
      await put(`/api/conferences/${conferenceId}/petitions/order`, { petitionIds: next.map((p) => p.id) });
      setMsg({ kind: 'success', text: P.orderSaved });
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-queue-id="${x.id}"]`)?.focus());
    } catch (e) {
      setItems(before);
      setMsg({ kind: 'error', text: errorText(e) });
      reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div class="page-head">
        <div>
          <a href="/" onClick={onLinkClick} class="muted">
            ← {T.conferences}
          </a>
          <h1>{conf?.title ?? T.loading}</h1>
        </div>
        <div class="row wrap">
          {can(session, 'organizer', 'operator') && (
            <a class="btn" href={`/petitions/new?conferenceId=${encodeURIComponent(conferenceId)}`} onClick={onLinkClick}>
              + {P.newPetition}
            </a>
          )}
          <a class="btn" href={`/board/${conferenceId}`} onClick={onLinkClick}>
            {T.board}
          </a>
        </div>
      </div>
      <ConferenceTabs conferenceId={conferenceId} here="qa" />
      <section class="card" aria-labelledby="qa-h">
        <h2 id="qa-h">{P.qaTitle}</h2>
        {summary && (
          <p class="muted" data-summary>
            {P.summaryLine(summary)}
          </p>
        )}
        {editable && items && items.length > 1 && <p class="muted small">{P.qaHint}</p>}
        {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        {!items && !error && <Loading />}
        {items?.length === 0 && <p class="muted">{P.qaEmpty}</p>}
        {items && items.length > 0 && (
          <ol class="pt-queue" data-queue>
            {items.map((p, idx) => (
              <li
                key={p.id}
                tabIndex={0}
                data-queue-id={p.id}
                data-petition-code={p.code}
                class={`${drag?.over === idx && drag.id !== p.id ? 'drop-here' : ''}${drag?.id === p.id ? ' dragging' : ''}`}
                draggable={editable && !busy}
                onDragStart={(e) => {
                  e.dataTransfer?.setData('text/plain', p.id);
                  if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                  setDrag({ id: p.id, over: null });
                }}
                onDragOver={(e) => {
                  if (!drag) return;
                  e.preventDefault();
                  if (drag.over !== idx) setDrag({ ...drag, over: idx });
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = drag?.id ?? e.dataTransfer?.getData('text/plain');
                  setDrag(null);
                  const from = items.findIndex((x) => x.id === id);
                  if (from >= 0) void move(from, idx);
                }}
                onDragEnd={() => setDrag(null)}
                onKeyDown={(e) => {
                  if (!editable || !e.altKey || e.target !== e.currentTarget) return;
                  if (e.key === 'ArrowUp') {
                    e.preventDefault();
                    void move(idx, idx - 1);
                  } else if (e.key === 'ArrowDown') {
                    e.preventDefault();
                    void move(idx, idx + 1);
                  }
                }}
              >
                <QueueRow p={p} idx={idx} lead={leadName(p, departments)} days={days} />
                {editable && (
                  <div class="row" style={{ marginTop: '0.3rem' }}>
                    <button
                      type="button"
                      class="btn small"
                      disabled={busy || idx === 0}
                      onClick={() => move(idx, idx - 1)}
                      aria-label={P.moveLabel(p.code, P.moveUp)}
                    >
                      ↑ {P.moveUp}
                    </button>
                    <button
                      type="button"
                      class="btn small"
                      disabled={busy || idx === items.length - 1}
                      onClick={() => move(idx, idx + 1)}
                      aria-label={P.moveLabel(p.code, P.moveDown)}
                    >
                      ↓ {P.moveDown}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export function QueueRow({ p, idx, lead, days }: { p: Petition; idx: number; lead: string; days: Map<string, boolean> | null }) {
  const P = usePT();
  return (
    <div class="q-row">
      <div class="grow">
        <div>
          <span class="muted">{idx + 1}.</span> <span class="q-code">{p.code}</span> ·{' '}
          <a href={`/petitions/${p.id}`} onClick={onLinkClick}>
            {p.title}
          </a>
        </div>
        <div class="muted small">
          {P.fields[p.field] ?? p.field}
          {!p.anonymous && p.submitter?.organization ? ` · ${p.submitter.organization}` : ''}
          {lead ? ` · ${lead}` : ''}
        </div>
      </div>
      <div class="row wrap">
        <PetitionStatusBadge status={p.status} />
        {p.status === 'assigned' && <DueCell p={p} days={days} />}
      </div>
    </div>
  );
}
