import { useCallback, useState } from 'preact/hooks';
import { get, patch, post } from '../api';
import { editedKeys, rebase } from '../components/form-rebase';
import { PointSearchPicker, type PickedPoint } from '../components/points';
import { Notice } from '../components/ui';
import { errorText, useT } from '../i18n';
import { canBeParentLevel, LEVELS, type Level, type PointDetail } from '../types';
import { parentAllowed, type PointIndex } from './directory';
import { useAW } from './words';

/** The form's fields, all as typed (strings), so "changed" is a plain comparison. */
interface PointForm {
  code: string;
  name: string;
  level: Level;
  parentId: string;
  address: string;
  contactName: string;
  contactPhone: string;
  capacity: string;
}
type Key = keyof PointForm;

const EMPTY: PointForm = { code: '', name: '', level: 'commune', parentId: '', address: '', contactName: '', contactPhone: '', capacity: '' };

function toForm(p: PointDetail): PointForm {
  return {
    code: p.code,
    name: p.name,
    level: p.level,
    parentId: p.parentId ?? '',
    address: p.address ?? '',
    contactName: p.contactName ?? '',
    contactPhone: p.contactPhone ?? '',
    capacity: p.capacity == null ? '' : String(p.capacity),
  };
}

/** The request body for `keys`: optional texts trimmed, blank = null (cleared). */
function bodyOf(form: PointForm, keys: readonly Key[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of keys) {
    const v = form[k].trim();
    if (k === 'code' || k === 'name' || k === 'level') body[k] = v;
    else if (k === 'capacity') body[k] = v ? Number(v) : null;
    else body[k] = v || null;
  }
  return body;
}

/**
 * Adds a point (`point` null) or edits one. An edit sends only the fields the user changed (form-rebase). Before saving
 * the form reads the point again: a field someone else changed since the form was opened is named with their value
 * and the save waits for a second `Lưu`; their changes to other fields are kept (they are not sent). The save carries
 * the version just read (`If-Match`), so a change landing between that read and the save is refused by the server
 * (409), never overwritten. A refused request leaves the form as typed.
 */
export function PointFormCard(props: {
  point: PointDetail | null;
  index: PointIndex;
  /** Called after a save, with what to tell the user. */
  onSaved: (p: PointDetail, said: string) => void;
  onCancel: () => void;
  /** Called when the point read before saving differs from the one the form was opened on (the page re-reads its lists). */
  onStale?: () => void;
}) {
  const T = useT();
  const A = useAW();
  const editing = props.point;
  const [base, setBase] = useState<PointForm>(editing ? toForm(editing) : EMPTY);
  const [form, setForm] = useState<PointForm>(base);
  const [picked, setPicked] = useState<PickedPoint | null>(() => {
    const parent = editing?.parentId ? props.index.get(editing.parentId) : undefined;
    return parent ? { id: parent.id, code: parent.code, name: parent.name, level: parent.level } : null;
  });
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'warning' | 'success'; text: string } | null>(null);

  const set = <K extends Key>(k: K, v: PointForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const label = (k: Key): string =>
    ({
      code: T.code,
      name: A.name,
      level: A.level,
      parentId: A.parent,
      address: A.address,
      contactName: A.contactName,
      contactPhone: A.contactPhone,
      capacity: A.capacity,
    })[k];
  const shown = (k: Key, f: PointForm): string =>
    k === 'level' ? T.levels[f.level] : k === 'parentId' ? (props.index.get(f.parentId)?.name ?? f.parentId) : f[k];

  const accept = useCallback((p: PointDetail) => parentAllowed(props.index, form.level, p, editing?.id), [props.index, form.level, editing?.id]);

  const setLevel = (level: Level) => {
    setForm((f) => ({ ...f, level, parentId: picked && canBeParentLevel(level, picked.level) ? f.parentId : '' }));
    if (picked && !canBeParentLevel(level, picked.level)) setPicked(null);
  };
  const setParent = (p: PickedPoint | null) => {
    setPicked(p);
    set('parentId', p?.id ?? '');
  };

  async function submit(e: Event) {
    e.preventDefault();
    setMsg(null);
    setBusy(true);
    try {
      if (!editing) {
        const created = await post<PointDetail>('/api/points', bodyOf(form, Object.keys(form) as Key[]));
        props.onSaved(created, A.created(created.name));
        return;
      }
      if (!editedKeys(form, base).length) return setMsg({ kind: 'success', text: A.nothingToSave });
      // Read it again and compare with what the form was opened on; the save then names the version read (its ETag).
      const res = await get<Response>(`/api/points/${editing.id}`, { raw: true });
      const version = Number(/\d+/.exec(res.headers.get('ETag') ?? '')?.[0]) || undefined;
      const fresh = toForm((await res.json()) as PointDetail);
      const { form: next, clashes } = rebase(form, base, fresh);
      if (editedKeys(fresh, base).length) props.onStale?.();
      setBase(fresh);
      setForm(next);
      if (clashes.length) {
        return setMsg({ kind: 'warning', text: A.alsoChanged(clashes.map((k) => `${label(k)}: “${shown(k, fresh)}”`).join('; ')) });
      }
      const keys = editedKeys(next, fresh);
      if (!keys.length) return setMsg({ kind: 'success', text: A.nothingToSave });
      const others = (Object.keys(fresh) as Key[]).filter((k) => fresh[k] !== base[k]);
      const saved = await patch<PointDetail>(`/api/points/${editing.id}`, bodyOf(next, keys), { ifMatch: version });
      props.onSaved(saved, others.length ? A.savedWithOthers(others.map(label).join(', ')) : A.saved);
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const parentLevels = LEVELS.filter((l) => canBeParentLevel(form.level, l));
  const allowedLevels = parentLevels.map((l) => A.levelsInSentence[l]);
  return (
    <section class="card" aria-labelledby="pf-h" data-point-form={editing ? 'edit' : 'add'}>
      <h2 id="pf-h">{editing ? A.editTitle(editing.name) : A.addTitle}</h2>
      <form class="form grid2" onSubmit={submit}>
        <label>
          <span>{T.code}</span>
          <input
            name="code"
            required
            pattern="[A-Za-z0-9_\-]{2,32}"
            title={A.codeTitle}
            maxLength={32}
            value={form.code}
            onInput={(e) => set('code', e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{A.level}</span>
          <select name="level" required value={form.level} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {T.levels[l]}
              </option>
            ))}
          </select>
        </label>
        <label class="span2">
          <span>{A.name}</span>
          <input name="name" required maxLength={255} value={form.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </label>
        <div class="span2 field">
          <span class="field-label">{A.parent}</span>
          {form.level === 'central' ? (
            <p class="muted small">{A.parentNone}</p>
          ) : (
            <>
              <PointSearchPicker
                name="parent"
                value={picked}
                onChange={setParent}
                accept={accept}
                levels={parentLevels}
                placeholder={A.parentPick}
                pickHint={A.parentRequired}
                clearLabel={A.clearParent}
              />
              <p class="muted small">{A.parentAllowed(allowedLevels.join(', '))}</p>
            </>
          )}
        </div>
        <label class="span2">
          <span>{A.address}</span>
          <input name="address" maxLength={500} value={form.address} onInput={(e) => set('address', e.currentTarget.value)} />
        </label>
        <label>
          <span>{A.contactName}</span>
          <input name="contactName" maxLength={255} value={form.contactName} onInput={(e) => set('contactName', e.currentTarget.value)} />
        </label>
        <label>
          <span>{A.contactPhone}</span>
          <input
            name="contactPhone"
            type="tel"
            pattern="\+?[0-9(][0-9 ().\-]{1,30}"
            title={A.phoneTitle}
            value={form.contactPhone}
            onInput={(e) => set('contactPhone', e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{A.capacity}</span>
          <input name="capacity" type="number" min={1} max={100000} step={1} value={form.capacity} onInput={(e) => set('capacity', e.currentTarget.value)} />
        </label>
        {msg && (
          <div class="span2">
            <Notice kind={msg.kind}>{msg.text}</Notice>
          </div>
        )}
        <div class="row wrap span2">
          <button type="submit" class="btn primary" disabled={busy}>
            {busy ? T.saving : editing ? T.save : A.create}
          </button>
          <button type="button" class="btn ghost" onClick={props.onCancel}>
            {T.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
