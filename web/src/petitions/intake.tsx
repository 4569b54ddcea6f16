import { useState } from 'preact/hooks';
import { post } from '../api';
import { errorText } from '../i18n';
import { Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import { departmentName, useConferences, useDepartments } from './data';
import { usePT } from './i18n';
import { CHANNELS, FIELDS, KINDS, type Channel, type Department, type Field, type Petition, type PetitionKind } from './types';
import { ChoiceSelect, ConferenceSelect } from './parts';
import { Keep } from './public';
import './petitions.css';

type Created = Petition & { trackingToken: string };
/** A follow-up step after the petition was created: not asked, done, or failed with the error shown. */
type Step = { state: 'skipped' | 'done' } | { state: 'failed'; error: string };
type Outcome = { created: Created; latest: Petition; lead: string; answer: string; assign: Step; answerStep: Step };

/**
 * `/petitions/new`: staff intake (a call, a letter, a question from the floor). An organizer may also choose the lead
 * department (assigning is the organizers' on the server) and record an answer given on stage: one form, as a question
 * from the floor is recorded, assigned and answered in one sitting. Once created, the page shows the tracking code and
 * the token (given this once) to read out or print; a follow-up step that failed is said, with the typed answer kept.
 */
export function IntakePage() {
  const P = usePT();
  const session = useSession()!;
  // Assigning (and so answering in the same sitting) is for organizers and admins: POST …/assign refuses the others.
  const mayAssign = can(session, 'organizer');
  const fromPoint = session.user.role === 'point';
  const departments = useDepartments();
  const conferences = useConferences();
  const initialConference = new URLSearchParams(location.search).get('conferenceId') ?? '';
  const blank = () => ({
    title: '',
    content: '',
    field: 'other' as Field,
    kind: 'petition' as PetitionKind,
    channel: (session.user.role === 'point' ? 'web' : initialConference ? 'conference' : 'hotline') as Channel,
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
  const [f, setF] = useState(blank);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);

  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** The assign and on-the-spot answer steps still to do for a created petition, each one said when it fails. */
  async function followUp(o: Outcome): Promise<Outcome> {
    let { latest, assign, answerStep } = o;
    if (o.lead && assign.state !== 'done') {
      try {
        latest = await post<Petition>(`/api/petitions/${latest.id}/assign`, { leadDepartmentId: o.lead, version: latest.version });
        assign = { state: 'done' };
      } catch (x) {
        assign = { state: 'failed', error: errorText(x) };
      }
    }
    if (o.lead && o.answer && assign.state === 'done' && answerStep.state !== 'done') {
      try {
        latest = await post<Petition>(`/api/petitions/${latest.id}/answer`, { mode: 'on_spot', text: o.answer, version: latest.version });
        answerStep = { state: 'done' };
      } catch (x) {
        answerStep = { state: 'failed', error: errorText(x) };
      }
    }
    return { ...o, latest, assign, answerStep };
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const created = await post<Created>('/api/petitions', {
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
      const lead = mayAssign ? f.lead : '';
      const answer = lead ? f.onSpot.trim() : '';
      const skipped: Step = { state: 'skipped' };
      setOutcome(await followUp({ created, latest: created, lead, answer, assign: skipped, answerStep: skipped }));
    } catch (x) {
      setError(errorText(x));
    } finally {
      setBusy(false);
    }
  }

  async function retry() {
    if (!outcome || busy) return;
    setBusy(true);
    try {
      setOutcome(await followUp(outcome));
    } finally {
      setBusy(false);
    }
  }

  if (outcome) {
    const { created, assign, answerStep } = outcome;
    const failed = assign.state === 'failed' || answerStep.state === 'failed';
    const trackUrl = `${location.origin}/tra-cuu`;
    return (
      <>
        <IntakeHead title={`✓ ${P.created(created.code)}`} />
        <section class="card" data-intake-done={created.code}>
          <Notice kind="warning">{P.intakeKeep}</Notice>
          <Keep label={P.code} value={created.code} name="code" />
          <Keep label={P.trackingToken} value={created.trackingToken} name="token" />
          <p>
            {P.trackAt}:{' '}
            <a href="/tra-cuu" target="_blank" rel="noopener" data-track-url>
              {trackUrl}
            </a>
          </p>
          {assign.state === 'done' && <Notice kind="success">{P.stepAssigned(departmentName(departments, outcome.lead))}</Notice>}
          {answerStep.state === 'done' && <Notice kind="success">{P.stepAnswered}</Notice>}
          {assign.state === 'failed' && (
            <div data-step-failed="assign">
              <Notice kind="error">{P.assignFailed(assign.error)}</Notice>
            </div>
          )}
          {answerStep.state === 'failed' && (
            <div data-step-failed="answer">
              <Notice kind="error">{P.answerFailed(answerStep.error)}</Notice>
            </div>
          )}
          {assign.state === 'failed' && outcome.answer && <Notice kind="error">{P.answerNotTried}</Notice>}
          {assign.state === 'failed' && (
            <LeadSelect name="retryLead" value={outcome.lead} departments={departments} onChange={(lead) => setOutcome({ ...outcome, lead })} />
          )}
          {outcome.answer && answerStep.state !== 'done' && (
            <label class="grow">
              <span>{P.modes.on_spot}</span>
              <textarea name="onSpotKept" rows={3} value={outcome.answer} onInput={(e) => setOutcome({ ...outcome, answer: e.currentTarget.value })} />
            </label>
          )}
          <div class="row wrap" style={{ marginTop: '1rem' }}>
            <a class="btn primary" href={`/petitions/${created.id}`} onClick={onLinkClick} data-action="open-petition">
              {P.openPetition}
            </a>
            {failed && (
              <button type="button" class="btn" disabled={busy} onClick={() => void retry()} data-action="retry-steps">
                {P.retrySteps}
              </button>
            )}
            <button type="button" class="btn" onClick={() => window.print()}>
              {P.print}
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => {
                setF(blank());
                setOutcome(null);
              }}
            >
              {P.intakeAnother}
            </button>
          </div>
        </section>
      </>
    );
  }

  return (
    <>
      <IntakeHead title={fromPoint ? P.sendPetition : P.intakeTitle} />
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
            {/* a point's account always sends through the web (the server sets it): no channel to choose */}
            {!fromPoint && (
              <ChoiceSelect
                label={`${P.channel} *`}
                name="channel"
                value={f.channel}
                choices={CHANNELS.filter((c) => c !== 'zalo')}
                words={P.channels}
                onChange={(v) => set('channel', v as Channel)}
              />
            )}
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
          {mayAssign && (
            <fieldset>
              <legend>{P.assign}</legend>
              <LeadSelect name="lead" value={f.lead} departments={departments} onChange={(lead) => set('lead', lead)} empty />
              {f.lead && (
                <label class="grow">
                  <span>{P.modes.on_spot}</span>
                  <textarea name="onSpot" rows={2} value={f.onSpot} onInput={(e) => set('onSpot', e.currentTarget.value)} />
                </label>
              )}
            </fieldset>
          )}
          {error && <Notice kind="error">{error}</Notice>}
          <div>
            <button type="submit" class="btn primary" disabled={busy}>
              {fromPoint ? P.sendPetition : P.intakeTitle}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

/** The intake page's heading, with the way back to the inbox. */
function IntakeHead({ title }: { title: string }) {
  const P = usePT();
  return (
    <div class="page-head">
      <div>
        <a href="/petitions" onClick={onLinkClick} class="muted">
          {P.backToInbox}
        </a>
        <h1>{title}</h1>
      </div>
    </div>
  );
}

/** The lead department: the active ones (and the one chosen, if deactivated since); `empty`: "choose one" first. */
function LeadSelect(props: { name: string; value: string; departments: Department[]; onChange: (id: string) => void; empty?: boolean }) {
  const P = usePT();
  return (
    <label>
      <span>{P.leadDepartment}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.empty && <option value="">{P.chooseDepartment}</option>}
        {props.departments
          .filter((d) => d.active || d.id === props.value)
          .map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
      </select>
    </label>
  );
}
