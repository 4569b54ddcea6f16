import { ReleasesPanel } from '../broadcast/releases-panel';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, get, patch, post, put } from '../api';
import { useT, errorText } from '../i18n';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import { fmtRange, fmtTime } from '../time';
import { ITEM_KINDS, type Agenda, type AgendaItem, type Conference, type ItemKind } from '../types';
import { Loading, Notice } from '../components/ui';
import { useL } from '../i18n-live';
import { connectLive, request } from '../live';
import { getSession } from '../session';
import { changedFields, takeTheirs as mergeTheirs, type FieldChange as Change } from './agenda-conflict';

/** What the other person changed in the item being edited: field, value before (when editing began), value now. */
type FieldChange = Change<ItemForm>;
interface EditConflict {
  /** The item as stored now, or null when it was deleted meanwhile. */
  theirs: ItemForm | null;
  changed: FieldChange[];
}
interface Editing {
  id: string;
  form: ItemForm;
  /** The item as it was when editing began (or when "take theirs" was chosen). */
  base: ItemForm;
  conflict?: EditConflict;
}

const FORM_FIELDS: Array<keyof ItemForm> = ['title', 'kind', 'durationMinutes', 'presenter', 'responsibleUnit', 'pointId', 'notes'];

interface ItemForm {
  title: string;
  kind: ItemKind;
  durationMinutes: string;
  presenter: string;
  responsibleUnit: string;
  pointId: string;
  notes: string;
}

const EMPTY: ItemForm = { title: '', kind: 'report', durationMinutes: '15', presenter: '', responsibleUnit: '', pointId: '', notes: '' };
const UNITS = [
  'Văn phòng UBND tỉnh',
  'Sở Thông tin và Truyền thông',
  'Sở Kế hoạch và Đầu tư',
  'Sở Nội vụ',
  'Sở Công Thương',
  'Ban Quản lý các khu công nghiệp',
];

function formOf(i: AgendaItem): ItemForm {
  return {
    title: i.title,
    kind: i.kind,
    durationMinutes: String(i.durationMinutes),
    presenter: i.presenter ?? '',
    responsibleUnit: i.responsibleUnit ?? '',
    pointId: i.pointId ?? '',
    notes: i.notes ?? '',
  };
}

/**
 * The agenda editor: add, edit, delete, reorder (drag and drop, or the Up/Down buttons), with the computed
 * start times and the overrun warning. A stale version (409) keeps what was typed and offers a reload.
 */
export function AgendaEditorPage({ conferenceId }: { conferenceId: string }) {
  const T = useT();
  const session = useSession();
  const editable = can(session, 'organizer');
  const [conf, setConf] = useState<Conference | null>(null);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [addForm, setAddForm] = useState<ItemForm>(EMPTY);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  /** "Thêm sau mục này": the new item goes right after this one (else at the end). */
  const [after, setAfter] = useState<string | null>(null);
  const [remoteVersion, setRemoteVersion] = useState<number | null>(null);
  const L = useL();
  const versionRef = useRef<number | null>(null);
  versionRef.current = agenda?.version ?? null;
  /**
   * This page's own changes in flight, and the highest version pushed meanwhile: the server pushes `agenda` to the
   * room before it answers the request, so a push during one may be this page's own change (said only if the answer
   * shows it was not).
   */
  const own = useRef({ inFlight: 0, pushed: 0 });
  const [drag, setDrag] = useState<{ id: string; over: number | null } | null>(null);
  const focusAfter = useRef<string | null>(null);

  const loadAgenda = () => get<Agenda>(`/api/conferences/${conferenceId}/agenda`).then(setAgenda);
  useEffect(() => {
    get<Conference>(`/api/conferences/${conferenceId}`)
      .then((c) => {
        setConf(c);
        document.title = `${c.title} · ${T.agenda}`;
      })
      .catch((e) => setError(errorText(e)));
    loadAgenda().catch((e) => setError(errorText(e)));
  }, [conferenceId]);

  // Told live when someone else changes the agenda (the `agenda` push of /live): a notice, never a silent swap.
  useEffect(() => {
    const session = getSession();
    if (!session) return;
    const s = connectLive(session.token);
    s.on('connect', () => void request(s, 'board:join', { conferenceId }));
    s.on('agenda', (a) => {
      if (a.conferenceId !== conferenceId || versionRef.current === null || a.version <= versionRef.current) return;
      if (own.current.inFlight > 0) own.current.pushed = Math.max(own.current.pushed, a.version);
      else setRemoteVersion(a.version);
    });
    return () => {
      s.removeAllListeners();
      s.disconnect();
    };
  }, [conferenceId]);

  useEffect(() => {
    if (!focusAfter.current) return;
    document.querySelector<HTMLElement>(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  /**
   * Sends one of this page's own changes and takes the agenda it answers. A versioned change that succeeded started
   * from the latest version, so a push of a version up to the answer's is this change (no notice), and any notice of an
   * earlier version is answered by it; a push of a later version, or one while a change failed, is someone else's.
   */
  async function sendOwn(run: () => Promise<Agenda>): Promise<Agenda> {
    own.current.inFlight++;
    let answer: Agenda | null = null;
    try {
      answer = await run();
      setAgenda(answer);
      return answer;
    } finally {
      const pushed = own.current.pushed;
      if (--own.current.inFlight === 0) own.current.pushed = 0;
      if (answer) {
        const latest = answer.version;
        setRemoteVersion((v) => (pushed > latest ? pushed : v !== null && v > latest ? v : null));
      } else if (pushed > (versionRef.current ?? 0)) setRemoteVersion(pushed);
    }
  }

  /** Runs one versioned change; a 409 stale version raises the banner and keeps every draft. */
  async function change(run: (version: number) => Promise<Agenda>): Promise<boolean> {
    if (!agenda) return false;
    setBusy(true);
    setError(null);
    try {
      await sendOwn(() => run(agenda.version));
      setStale(false);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      else setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  /**
   * Reads the agenda again. The item being edited is compared with how it was when editing began, as a stale save
   * would: changed or deleted meanwhile → the conflict is shown now, so a save on the new version never silently
   * overwrites what the other person did.
   */
  async function reload() {
    try {
      const fresh = await get<Agenda>(`/api/conferences/${conferenceId}/agenda`);
      setAgenda(fresh);
      setStale(false);
      setRemoteVersion(null);
      if (editing) setEditing(withConflict(editing, fresh));
    } catch (e) {
      setError(errorText(e));
    }
  }

  /** The edit against the agenda as stored now: unchanged, or with what the other person changed (or that they deleted it). */
  function withConflict(edit: Editing, fresh: Agenda): Editing {
    const now = fresh.items.find((i) => i.id === edit.id);
    const theirs = now ? formOf(now) : null;
    const changed = theirs ? changedFields(FORM_FIELDS, edit.base, theirs) : [];
    return theirs && changed.length === 0 ? edit : { ...edit, conflict: { theirs, changed } };
  }

  function fields(f: ItemForm, forPatch: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { title: f.title.trim(), kind: f.kind, durationMinutes: Number(f.durationMinutes) };
    const opt = { presenter: f.presenter.trim(), responsibleUnit: f.responsibleUnit.trim(), pointId: f.pointId, notes: f.notes.trim() };
    for (const [k, v] of Object.entries(opt)) {
      if (v) body[k] = v;
      else if (forPatch) body[k] = null;
    }
    return body;
  }

  async function addItem(e: Event) {
    e.preventDefault();
    const idx = after ? (agenda?.items.findIndex((i) => i.id === after) ?? -1) : -1;
    const position = idx >= 0 ? { position: idx + 1 } : {};
    if (await change((version) => post<Agenda>(`/api/conferences/${conferenceId}/agenda/items`, { version, ...fields(addForm, false), ...position }))) {
      setAddForm({ ...EMPTY, kind: addForm.kind });
      setAfter(null);
    }
  }

  /**
   * Saves the item being edited. On a stale version the page reads the agenda again and compares this item with how it
   * was when editing began: nobody else touched it → saved again on the latest version; someone changed it → the
   * conflict is shown at the form (what they changed), with "keep mine" / "take theirs"; deleted → said so.
   */
  async function saveEdit(e: Event | null, force = false) {
    e?.preventDefault();
    if (!editing || !agenda) return;
    const { id, form, base } = editing;
    // Only the fields this person changed are sent, so "keep mine" keeps what the other person changed elsewhere.
    const all = fields(form, true);
    const mine = Object.fromEntries(Object.entries(all).filter(([k]) => form[k as keyof ItemForm] !== base[k as keyof ItemForm]));
    if (!Object.keys(mine).length) {
      setEditing(null);
      return;
    }
    const save = (version: number) => patch<Agenda>(`/api/conferences/${conferenceId}/agenda/items/${id}`, { version, ...mine });
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      await sendOwn(() => save(agenda.version));
      setEditing(null);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) {
        setError(errorText(err));
        return;
      }
      try {
        const fresh = await get<Agenda>(`/api/conferences/${conferenceId}/agenda`);
        const next = withConflict({ id, form, base }, fresh);
        if (next.conflict?.theirs === null || (next.conflict && !force)) {
          setAgenda(fresh);
          setRemoteVersion(null);
          setEditing(next);
          return;
        }
        await sendOwn(() => save(fresh.version));
        setEditing(null);
        setInfo(L.savedOnLatest);
      } catch (e2) {
        setError(errorText(e2));
      }
    } finally {
      setBusy(false);
    }
  }

  /**
   * "Take theirs": their values in the fields the conflict box lists, this person's own edits kept in every other field;
   * the base becomes their version, so the next save sends only what differs from it.
   */
  function takeTheirs() {
    if (!editing?.conflict?.theirs) return;
    const { theirs, changed } = editing.conflict;
    setEditing({ id: editing.id, form: mergeTheirs(editing.form, changed), base: theirs });
  }

  async function addBack() {
    if (!editing) return;
    const form = editing.form;
    if (await change((version) => post<Agenda>(`/api/conferences/${conferenceId}/agenda/items`, { version, ...fields(form, false) }))) setEditing(null);
  }

  async function remove(item: AgendaItem) {
    if (!confirm(T.deleteConfirm(item.title))) return;
    await change((version) => del<Agenda>(`/api/conferences/${conferenceId}/agenda/items/${item.id}`, { ifMatch: version }));
  }

  async function move(from: number, to: number, focusSelector?: string) {
    if (!agenda || to < 0 || to >= agenda.items.length || from === to) return;
    const ids = agenda.items.map((i) => i.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    focusAfter.current = focusSelector ?? null;
    await change((version) => put<Agenda>(`/api/conferences/${conferenceId}/agenda/order`, { version, itemIds: ids }));
  }

  if (!agenda || !conf) return error ? <Notice kind="error">{error}</Notice> : <Loading />;
  const tz = conf.timezone;
  const points = conf.points ?? [];
  /** The item being edited was deleted meanwhile: its form stays, below the list, with the conflict box. */
  const editingGone = editing !== null && !agenda.items.some((i) => i.id === editing.id);

  const editForm = (edit: Editing) => (
    <form class="form grid2 item-form" onSubmit={(e) => saveEdit(e)} aria-label={T.editItem}>
      {edit.conflict && (
        <ConflictBox
          conflict={edit.conflict}
          points={points}
          busy={busy}
          onKeepMine={() => saveEdit(null, true)}
          onTakeTheirs={takeTheirs}
          onAddBack={addBack}
          onCancel={() => setEditing(null)}
        />
      )}
      {itemFields(edit.form, (form) => setEditing({ ...edit, form }), `edit-${edit.id}`)}
      {edit.conflict?.theirs !== null && (
        <div class="span2 row">
          <button type="submit" class="btn primary" disabled={busy} data-action="save-item">
            {busy ? T.saving : T.save}
          </button>
          <button type="button" class="btn ghost" onClick={() => setEditing(null)}>
            {T.cancel}
          </button>
        </div>
      )}
    </form>
  );

  const itemFields = (f: ItemForm, setF: (f: ItemForm) => void, idp: string) => (
    <>
      <label class="span2">
        <span>{T.itemTitle}</span>
        <input name="title" required maxLength={500} value={f.title} onInput={(e) => setF({ ...f, title: e.currentTarget.value })} id={`${idp}-title`} />
      </label>
      <label>
        <span>{T.kind}</span>
        <select name="kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.currentTarget.value as ItemKind })}>
          {ITEM_KINDS.map((k) => (
            <option key={k} value={k}>
              {T.kinds[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{T.duration}</span>
        <input
          name="durationMinutes"
          type="number"
          min={1}
          max={600}
          required
          value={f.durationMinutes}
          onInput={(e) => setF({ ...f, durationMinutes: e.currentTarget.value })}
        />
      </label>
      <label>
        <span>{T.presenter}</span>
        <input name="presenter" maxLength={255} value={f.presenter} onInput={(e) => setF({ ...f, presenter: e.currentTarget.value })} />
      </label>
      <label>
        <span>{T.responsibleUnit}</span>
        <input
          name="responsibleUnit"
          list="units"
          maxLength={255}
          value={f.responsibleUnit}
          onInput={(e) => setF({ ...f, responsibleUnit: e.currentTarget.value })}
        />
      </label>
      <label>
        <span>{T.presentingPoint}</span>
        <select name="pointId" value={f.pointId} onChange={(e) => setF({ ...f, pointId: e.currentTarget.value })}>
          <option value="">{T.none}</option>
          {points.map((p) => (
            <option key={p.pointId} value={p.pointId}>
              {p.name} ({p.code})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{T.notes}</span>
        <input name="notes" maxLength={5000} value={f.notes} onInput={(e) => setF({ ...f, notes: e.currentTarget.value })} />
      </label>
    </>
  );

  const overrun = agenda.overrunMinutes ?? 0;
  return (
    <>
      <div class="page-head">
        <div>
          <a href={`/conferences/${conferenceId}`} onClick={onLinkClick} class="muted">
            ← {conf.title}
          </a>
          <h1>{editable ? T.agendaEditor : T.agenda}</h1>
          <p class="muted">
            {fmtRange(conf.startsAt, conf.endsAt, tz)} ·{' '}
            <span data-agenda-version={agenda.version} title={T.versionHint}>
              {T.version(agenda.version)}
            </span>
          </p>
        </div>
        <a class="btn" href={`/board/${conferenceId}`} onClick={onLinkClick}>
          {T.board}
        </a>
      </div>
      <datalist id="units">
        {UNITS.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>

      {stale && (
        <Notice
          kind="warning"
          action={
            <button type="button" class="btn primary" data-action="reload-agenda" onClick={reload}>
              {T.reload}
            </button>
          }
        >
          <span data-error="stale_version">{T.staleAgenda}</span>
        </Notice>
      )}
      {overrun > 0 && (
        <Notice kind="warning">
          <strong data-warning="overrun">{T.overrun(overrun)}</strong> — {T.overrunHint}
        </Notice>
      )}
      {remoteVersion !== null && !stale && (
        <Notice
          kind="info"
          action={
            <button type="button" class="btn" data-action="reload-agenda" onClick={reload}>
              {T.reload}
            </button>
          }
        >
          <span data-notice="agenda-changed-live">{L.agendaChangedLive(remoteVersion)}</span>
        </Notice>
      )}
      {info && <Notice kind="success">{info}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}

      <section class="card" aria-labelledby="items-h">
        <h2 id="items-h">{T.agenda}</h2>
        {editable && agenda.items.length > 1 && <p class="muted small">{T.dragHint}</p>}
        {agenda.items.length === 0 && <p class="muted">{T.noItems}</p>}
        <ol class="agenda-list">
          {agenda.items.map((item, idx) => {
            const isEditing = editing?.id === item.id;
            const presenterPoint = points.find((p) => p.pointId === item.pointId);
            return (
              <li
                key={item.id}
                data-item-id={item.id}
                class={`ag-row${agenda.currentItemId === item.id ? ' current' : ''}${drag?.over === idx && drag.id !== item.id ? ' drop-here' : ''}${drag?.id === item.id ? ' dragging' : ''}`}
                draggable={editable && !isEditing && !busy}
                onDragStart={(e) => {
                  e.dataTransfer?.setData('text/plain', item.id);
                  if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                  setDrag({ id: item.id, over: null });
                }}
                onDragOver={(e) => {
                  if (!drag) return;
                  e.preventDefault();
                  if (drag.over !== idx) setDrag({ ...drag, over: idx });
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  const from = agenda.items.findIndex((i) => i.id === (drag?.id ?? e.dataTransfer?.getData('text/plain')));
                  setDrag(null);
                  if (from >= 0) void move(from, idx);
                }}
                onDragEnd={() => setDrag(null)}
              >
                {isEditing ? (
                  editForm(editing)
                ) : (
                  <>
                    {editable && (
                      <span class="handle" aria-hidden="true" title={T.dragHandle(item.title)}>
                        ⠿
                      </span>
                    )}
                    <span class="ag-time">
                      {fmtTime(item.startsAt, tz)}–{fmtTime(item.endsAt, tz)}
                      <small>{T.minutes(item.durationMinutes)}</small>
                    </span>
                    <span class="ag-body">
                      <span class="ag-kind">{T.kinds[item.kind] ?? item.kind}</span>
                      <strong class="ag-title">{item.title}</strong>
                      {agenda.currentItemId === item.id && <span class="ag-tag now">{T.current}</span>}
                      <span class="ag-who">
                        {[item.presenter, item.responsibleUnit, presenterPoint ? `${T.presentingPoint}: ${presenterPoint.name}` : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                      {item.notes && <span class="muted small">{item.notes}</span>}
                    </span>
                    {editable && (
                      <span class="ag-buttons">
                        <button
                          type="button"
                          class="btn small"
                          data-move-up={item.id}
                          disabled={idx === 0 || busy}
                          aria-label={T.moveUpLabel(item.title)}
                          onClick={() => move(idx, idx - 1, `[data-move-up="${item.id}"]`)}
                        >
                          ↑ {T.moveUp}
                        </button>
                        <button
                          type="button"
                          class="btn small"
                          data-move-down={item.id}
                          disabled={idx === agenda.items.length - 1 || busy}
                          aria-label={T.moveDownLabel(item.title)}
                          onClick={() => move(idx, idx + 1, `[data-move-down="${item.id}"]`)}
                        >
                          ↓ {T.moveDown}
                        </button>
                        <button
                          type="button"
                          class="btn small"
                          data-action="edit-item"
                          onClick={() => setEditing({ id: item.id, form: formOf(item), base: formOf(item) })}
                        >
                          {T.edit}
                        </button>
                        <button
                          type="button"
                          class="btn small"
                          data-action="add-after"
                          onClick={() => {
                            setAfter(item.id);
                            document.getElementById('add-h')?.scrollIntoView({ block: 'start' });
                            (document.getElementById('add-title') as HTMLInputElement | null)?.focus();
                          }}
                        >
                          + {L.addAfter}
                        </button>
                        <button type="button" class="btn small danger" onClick={() => remove(item)}>
                          {T.delete}
                        </button>
                      </span>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ol>
        {editingGone && (
          <div class="ag-row" data-item-id={editing.id} data-item-gone>
            {editForm(editing)}
          </div>
        )}
        <p class="muted small">{T.agendaEnds(agenda.endsAt ? fmtTime(agenda.endsAt, tz) : '—', fmtTime(conf.endsAt, tz))}</p>
      </section>

      <ReleasesPanel conferenceId={conferenceId} agendaVersion={agenda.version} items={agenda.items} tz={tz} canRelease={editable} />

      {editable && (
        <section class="card" aria-labelledby="add-h">
          <h2 id="add-h">{T.addItem}</h2>
          {after && agenda.items.some((i) => i.id === after) && (
            <p class="row wrap" data-adding-after={after}>
              <strong>{L.addingAfter(agenda.items.find((i) => i.id === after)!.title)}</strong>
              <button type="button" class="btn small ghost" onClick={() => setAfter(null)}>
                {L.addAtEnd}
              </button>
            </p>
          )}
          <form class="form grid2 item-form" onSubmit={addItem} data-form="add-item">
            {itemFields(addForm, setAddForm, 'add')}
            <div class="span2">
              <button type="submit" class="btn primary" disabled={busy}>
                + {T.addItem}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

/** At the edit form: what the other person changed in this item, and the two ways out. */
function ConflictBox(props: {
  conflict: EditConflict;
  points: Array<{ pointId: string; name: string }>;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  onAddBack: () => void;
  onCancel: () => void;
}) {
  const T = useT();
  const L = useL();
  const label: Record<keyof ItemForm, string> = {
    title: T.itemTitle,
    kind: T.kind,
    durationMinutes: T.duration,
    presenter: T.presenter,
    responsibleUnit: T.responsibleUnit,
    pointId: T.presentingPoint,
    notes: T.notes,
  };
  const show = (k: keyof ItemForm, v: string) => {
    if (!v) return L.emptyValue;
    if (k === 'kind') return T.kinds[v as ItemKind] ?? v;
    if (k === 'pointId') return props.points.find((p) => p.pointId === v)?.name ?? v;
    return v;
  };
  const { theirs, changed } = props.conflict;
  return (
    <div class="span2 conflict-box" role="alert" data-conflict={theirs ? 'changed' : 'deleted'}>
      {theirs ? (
        <>
          <strong>{L.itemConflict}</strong>
          <ul>
            {changed.map(([k, before, after]) => (
              <li key={k} data-changed-field={k}>
                {label[k]}: <del>{show(k, before)}</del> → <ins>{show(k, after)}</ins>
              </li>
            ))}
          </ul>
          <div class="row wrap">
            <button type="button" class="btn primary" disabled={props.busy} data-action="keep-mine" onClick={props.onKeepMine}>
              {L.keepMine}
            </button>
            <button type="button" class="btn" disabled={props.busy} data-action="take-theirs" onClick={props.onTakeTheirs}>
              {L.takeTheirs}
            </button>
          </div>
        </>
      ) : (
        <>
          <strong>{L.itemDeletedMeanwhile}</strong>
          <div class="row wrap">
            <button type="button" class="btn primary" disabled={props.busy} onClick={props.onAddBack}>
              {L.addAsNew}
            </button>
            <button type="button" class="btn" onClick={props.onCancel}>
              {T.cancel}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
