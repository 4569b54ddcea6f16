import { useState } from 'preact/hooks';
import { post } from '../api';
import { errorText } from '../i18n';
import { Notice } from '../components/ui';
import { navigate, onLinkClick } from '../router';
import { useConferences, useDepartments } from './data';
import { usePT } from './i18n';
import { CHANNELS, FIELDS, KINDS, type Channel, type Field, type Petition, type PetitionKind } from './types';
import { ChoiceSelect, ConferenceSelect } from './parts';
import './petitions.css';

/**
 * `/petitions/new`: staff intake (a call, a letter, a question from the floor). With a lead department it is
 * assigned at once, and with an answer given on stage it is recorded as answered on the spot: one form, as a
 * question from the floor is recorded, assigned and answered in one sitting.
 */
export function IntakePage() {
  const P = usePT();
  const departments = useDepartments();
  const conferences = useConferences();
  const initialConference = new URLSearchParams(location.search).get('conferenceId') ?? '';
  const [f, setF] = useState({
    title: '',
    content: '',
    field: 'other' as Field,
    kind: 'petition' as PetitionKind,
    channel: (initialConference ? 'conference' : 'hotline') as Channel,
    conferenceId: initialConference,
    name: '',
    organization: '',
    taxCode: '',
    phone: '',
    email: '',
    anonymous: false,
    consent: true,
    lead: '',
    onSpot: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    let created: Petition | null = null;
    try {
      created = await post<Petition>('/api/petitions', {
        title: f.title.trim(),
        content: f.content.trim(),
        field: f.field,
        kind: f.kind,
        channel: f.channel,
        conferenceId: f.conferenceId || null,
        anonymous: f.anonymous,
        consent: f.consent,
        submitter: { name: opt(f.name), organization: opt(f.organization), taxCode: opt(f.taxCode), phone: opt(f.phone), email: opt(f.email) },
      });
      let p = created;
      if (f.lead) p = await post<Petition>(`/api/petitions/${p.id}/assign`, { leadDepartmentId: f.lead, version: p.version });
      if (f.lead && f.onSpot.trim()) await post<Petition>(`/api/petitions/${p.id}/answer`, { mode: 'on_spot', text: f.onSpot.trim(), version: p.version });
      navigate(`/petitions/${created.id}`);
    } catch (x) {
      setError(errorText(x));
      if (created) navigate(`/petitions/${created.id}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div class="page-head">
        <div>
          <a href="/petitions" onClick={onLinkClick} class="muted">
            {P.backToInbox}
          </a>
          <h1>{P.intakeTitle}</h1>
        </div>
      </div>
      <section class="card">
        <form class="form" onSubmit={submit} data-form="intake">
          <div class="grid2">
            <label class="span2">
              <span>{P.title} *</span>
              <input name="title" required maxLength={200} value={f.title} onInput={(e) => set('title', e.currentTarget.value)} />
            </label>
            <label class="span2">
              <span>{P.content} *</span>
              <textarea name="content" required rows={5} maxLength={10000} value={f.content} onInput={(e) => set('content', e.currentTarget.value)} />
            </label>
            <ChoiceSelect label={P.field} name="field" value={f.field} choices={FIELDS} words={P.fields} onChange={(v) => set('field', v as Field)} />
            <ChoiceSelect label={P.kind} name="kind" value={f.kind} choices={KINDS} words={P.kinds} onChange={(v) => set('kind', v as PetitionKind)} />
            <ChoiceSelect
              label={`${P.channel} *`}
              name="channel"
              value={f.channel}
              choices={CHANNELS.filter((c) => c !== 'zalo')}
              words={P.channels}
              onChange={(v) => set('channel', v as Channel)}
            />
            <ConferenceSelect
              label={P.conference}
              name="conferenceId"
              value={f.conferenceId}
              conferences={conferences}
              empty="—"
              onChange={(v) => set('conferenceId', v)}
            />
            <label>
              <span>{P.name}</span>
              <input name="name" value={f.name} onInput={(e) => set('name', e.currentTarget.value)} />
            </label>
            <label>
              <span>{P.organization}</span>
              <input name="organization" value={f.organization} onInput={(e) => set('organization', e.currentTarget.value)} />
            </label>
            <label>
              <span>{P.taxCode}</span>
              <input name="taxCode" inputMode="numeric" value={f.taxCode} onInput={(e) => set('taxCode', e.currentTarget.value)} />
            </label>
            <label>
              <span>{P.phone}</span>
              <input name="phone" type="tel" value={f.phone} onInput={(e) => set('phone', e.currentTarget.value)} />
            </label>
            <label class="span2">
              <span>{P.email}</span>
              <input name="email" type="email" value={f.email} onInput={(e) => set('email', e.currentTarget.value)} />
            </label>
          </div>
          <label class="inline">
            <input type="checkbox" checked={f.anonymous} onChange={(e) => set('anonymous', e.currentTarget.checked)} />
            {P.anonymousLabel}
          </label>
          <label class="inline">
            <input type="checkbox" name="consent" checked={f.consent} onChange={(e) => set('consent', e.currentTarget.checked)} />
            {P.consentStaff}
          </label>
          <fieldset>
            <legend>{P.assign}</legend>
            <label>
              <span>{P.leadDepartment}</span>
              <select name="lead" value={f.lead} onChange={(e) => set('lead', e.currentTarget.value)}>
                <option value="">{P.chooseDepartment}</option>
                {departments
                  .filter((d) => d.active)
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
              </select>
            </label>
            {f.lead && (
              <label class="grow">
                <span>{P.modes.on_spot}</span>
                <textarea name="onSpot" rows={2} value={f.onSpot} onInput={(e) => set('onSpot', e.currentTarget.value)} />
              </label>
            )}
          </fieldset>
          {error && <Notice kind="error">{error}</Notice>}
          <div>
            <button type="submit" class="btn primary" disabled={busy}>
              {P.intakeTitle}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
