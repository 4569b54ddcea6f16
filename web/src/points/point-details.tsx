import { DateTime } from 'luxon';
import { useState } from 'preact/hooks';
import { ApiError, del, patch } from '../api';
import { Notice, telHref } from '../components/ui';
import { errorText, useT } from '../i18n';
import type { ConferenceStatus, PointDetail } from '../types';
import type { PointIndex } from './directory';
import { useAW } from './words';

/** One conference named in a refused deactivation (409 `point_in_use`, `details.conferences`). */
interface BusyConference {
  conferenceId: string;
  title: string;
  status: ConferenceStatus;
  startsAt: string;
  endsAt: string;
}

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toFormat('HH:mm dd/MM/yyyy');

function busyConferences(e: unknown): BusyConference[] | null {
  if (!(e instanceof ApiError) || e.status !== 409 || e.code !== 'point_in_use') return null;
  const list = (e.details as { conferences?: unknown } | undefined)?.conferences;
  return Array.isArray(list) ? (list as BusyConference[]) : [];
}

/** A point's card: every field, its contact as a `tel:` link, and for admins edit, deactivate and reactivate. */
export function PointDetails(props: {
  point: PointDetail;
  index: PointIndex;
  isAdmin: boolean;
  onEdit: () => void;
  onChanged: (p: PointDetail, said: string) => void;
  onClose: () => void;
}) {
  const T = useT();
  const A = useAW();
  const p = props.point;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; conferences?: BusyConference[] } | null>(null);
  const parent = p.parentId ? props.index.get(p.parentId) : null;

  async function run(action: () => Promise<PointDetail>, said: (name: string) => string) {
    setBusy(true);
    setError(null);
    try {
      const saved = await action();
      setAsking(false);
      props.onChanged(saved, said(saved.name));
    } catch (e) {
      const conferences = busyConferences(e);
      setError(conferences ? { text: A.inUse, conferences } : { text: errorText(e) });
      setAsking(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card point-details" aria-labelledby="pd-h" data-point-details={p.code}>
      <div class="row between">
        <h2 id="pd-h">{p.name}</h2>
        <button type="button" class="btn ghost small" onClick={props.onClose}>
          {A.closeDetails}
        </button>
      </div>
      <dl class="point-facts">
        <dt>{T.code}</dt>
        <dd>{p.code}</dd>
        <dt>{A.level}</dt>
        <dd>{T.levels[p.level]}</dd>
        <dt>{A.parent}</dt>
        <dd data-field="parent">{parent ? `${parent.name} (${parent.code})` : <span class="muted">{A.noParent}</span>}</dd>
        <dt>{A.address}</dt>
        <dd data-field="address">{p.address ?? '—'}</dd>
        <dt>{A.contactName}</dt>
        <dd data-field="contactName">{p.contactName ?? <span class="muted">{A.noContact}</span>}</dd>
        <dt>{A.contactPhone}</dt>
        <dd data-field="contactPhone">
          {p.contactPhone ? (
            <a class="tel" href={telHref(p.contactPhone)}>
              ☎ {p.contactPhone}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>{A.capacity}</dt>
        <dd>{p.capacity ?? '—'}</dd>
        <dt>{T.status}</dt>
        <dd data-field="active">{p.active ? A.active : <span class="chip bad">{A.inactive}</span>}</dd>
      </dl>
      {error && (
        <Notice kind="error">
          <span data-error="deactivate">{error.text}</span>
          {error.conferences && error.conferences.length > 0 && (
            <ul class="small">
              {error.conferences.map((c) => (
                <li key={c.conferenceId}>{A.inUseConference(c.title, at(c.startsAt), at(c.endsAt), T.statuses[c.status] ?? c.status)}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {props.isAdmin && !asking && (
        <div class="row wrap">
          <button type="button" class="btn" onClick={props.onEdit}>
            {T.edit}
          </button>
          {p.active ? (
            <button type="button" class="btn danger" onClick={() => (setError(null), setAsking(true))}>
              {A.deactivate}
            </button>
          ) : (
            <button
              type="button"
              class="btn"
              disabled={busy}
              onClick={() => run(() => patch<PointDetail>(`/api/points/${p.id}`, { active: true }), A.reactivated)}
            >
              {A.reactivate}
            </button>
          )}
        </div>
      )}
      {props.isAdmin && asking && (
        <Notice
          kind="warning"
          action={
            <div class="row wrap">
              <button type="button" class="btn ghost" onClick={() => setAsking(false)}>
                {T.cancel}
              </button>
              <button type="button" class="btn danger" disabled={busy} onClick={() => run(() => del<PointDetail>(`/api/points/${p.id}`), A.deactivated)}>
                {A.deactivateYes}
              </button>
            </div>
          }
        >
          {A.deactivateAsk(p.name)}
        </Notice>
      )}
    </section>
  );
}
