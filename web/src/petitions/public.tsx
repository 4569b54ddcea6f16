import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { LangSwitch } from '../components/lang-switch';
import { Loading, Notice } from '../components/ui';
import { useT, errorText } from '../i18n';
import { onLinkClick } from '../router';
import type { Page } from '../types';
import { fmtDay, fmtDayTime } from './calendar';
import { usePT } from './i18n';
import { ChoiceSelect, PetitionStatusBadge } from './parts';
import { FIELDS, type PublicAnswer, type PublicTracking } from './types';
import { query } from './util';
import './petitions.css';

/** The public pages' frame: no account, a phone first; the three public addresses and the language switch. */
function PublicShell({ children, here }: { children: ComponentChildren; here: 'submit' | 'track' | 'answers' }) {
  const T = useT();
  const P = usePT();
  const links: Array<['submit' | 'track' | 'answers', string]> = [
    ['submit', '/gui-kien-nghi'],
    ['track', '/tra-cuu'],
    ['answers', '/hoi-dap'],
  ];
  return (
    <div class="shell pub">
      <header class="topbar">
        <span class="brand">
          <span class="logo" aria-hidden="true" />
          <span>
            <strong>{T.appName}</strong>
            <small>{P.publicTagline}</small>
          </span>
        </span>
        <nav class="pub-nav">
          {links.map(([k, href]) => (
            <a key={k} href={href} onClick={onLinkClick} aria-current={k === here ? 'page' : undefined}>
              {P.publicNav[k]}
            </a>
          ))}
          <LangSwitch />
        </nav>
      </header>
      <main id="main" class="content">
        {children}
      </main>
    </div>
  );
}

interface SubmitForm {
  title: string;
  content: string;
  field: string;
  name: string;
  organization: string;
  taxCode: string;
  phone: string;
  email: string;
  anonymous: boolean;
  consent: boolean;
}
const EMPTY: SubmitForm = {
  title: '',
  content: '',
  field: '',
  name: '',
  organization: '',
  taxCode: '',
  phone: '',
  email: '',
  anonymous: false,
  consent: false,
};

/** `/gui-kien-nghi`: an enterprise submits a petition; the page shows the tracking code and the token to keep. */
export function SubmitPetitionPage() {
  const P = usePT();
  const [f, setF] = useState<SubmitForm>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The form field the server refused (`details.field`, e.g. `submitter.taxCode` → `taxCode`). */
  const [badField, setBadField] = useState<string | null>(null);
  const [done, setDone] = useState<{ code: string; trackingToken: string } | null>(null);
  useEffect(() => {
    document.title = `${P.submitTitle} · Diemcau`;
  }, [P]);
  const set = <K extends keyof SubmitForm>(k: K, v: SubmitForm[K]) => setF((x) => ({ ...x, [k]: v }));
  const inv = (name: string) => (badField === name ? { 'aria-invalid': true, 'aria-describedby': 'submit-error' } : {});

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setBadField(null);
    if (!f.consent) {
      setBadField('consent');
      return setError(P.consentRequired);
    }
    setBusy(true);
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    try {
      const r = await post<{ code: string; trackingToken: string }>('/api/public/petitions', {
        title: f.title.trim(),
        content: f.content.trim(),
        ...(f.field ? { field: f.field } : {}),
        submitter: { name: f.name.trim(), organization: f.organization.trim(), taxCode: opt(f.taxCode), phone: f.phone.trim(), email: opt(f.email) },
        anonymous: f.anonymous,
        consent: true,
      });
      setDone(r);
      window.scrollTo(0, 0);
    } catch (x) {
      const d = x instanceof ApiError ? (x.details as { retryAfterSeconds?: number; field?: string } | undefined) : undefined;
      if (typeof d?.field === 'string') {
        const name = d.field.split('.').pop()!;
        setBadField(name);
        document.querySelector<HTMLElement>(`[data-form="public-petition"] [name="${name}"]`)?.focus();
      }
      setError(x instanceof ApiError && x.code === 'rate_limited' ? P.rateLimited(Math.max(1, Math.ceil((d?.retryAfterSeconds ?? 3600) / 60))) : errorText(x));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <PublicShell here="submit">
        <section class="card" data-submitted>
          <h1>✓ {P.submitted}</h1>
          <Notice kind="warning">{P.keepThese}</Notice>
          <Keep label={P.code} value={done.code} name="code" />
          <Keep label={P.trackingToken} value={done.trackingToken} name="token" />
          <div class="row wrap" style={{ marginTop: '1rem' }}>
            <a
              class="btn primary"
              href={`/tra-cuu#code=${encodeURIComponent(done.code)}&token=${encodeURIComponent(done.trackingToken)}`}
              onClick={onLinkClick}
            >
              {P.trackNow}
            </a>
            <button
              type="button"
              class="btn"
              onClick={() => {
                setF(EMPTY);
                setDone(null);
              }}
            >
              {P.submitAnother}
            </button>
          </div>
        </section>
      </PublicShell>
    );
  }

  return (
    <PublicShell here="submit">
      <section class="card">
        <h1>{P.submitTitle}</h1>
        <p class="muted">{P.submitIntro}</p>
        <form class="form" onSubmit={submit} data-form="public-petition">
          <label>
            <span>{P.title} *</span>
            <input name="title" {...inv('title')} required maxLength={200} value={f.title} onInput={(e) => set('title', e.currentTarget.value)} />
          </label>
          <label>
            <span>{P.content} *</span>
            <textarea
              name="content"
              {...inv('content')}
              required
              rows={6}
              maxLength={10000}
              value={f.content}
              onInput={(e) => set('content', e.currentTarget.value)}
            />
          </label>
          <ChoiceSelect
            label={P.field}
            name="field"
            value={f.field}
            choices={FIELDS}
            words={P.fields}
            empty={P.fieldOptional}
            onChange={(v) => set('field', v)}
          />
          <div class="grid2">
            <label>
              <span>{P.name} *</span>
              <input
                name="name"
                {...inv('name')}
                required
                autocomplete="name"
                maxLength={200}
                value={f.name}
                onInput={(e) => set('name', e.currentTarget.value)}
              />
            </label>
            <label>
              <span>{P.organization} *</span>
              <input
                name="organization"
                {...inv('organization')}
                required
                autocomplete="organization"
                maxLength={300}
                value={f.organization}
                onInput={(e) => set('organization', e.currentTarget.value)}
              />
            </label>
            <label>
              <span>{P.taxCode}</span>
              <input
                name="taxCode"
                {...inv('taxCode')}
                inputMode="numeric"
                placeholder="0100109106"
                maxLength={14}
                value={f.taxCode}
                onInput={(e) => set('taxCode', e.currentTarget.value)}
              />
            </label>
            <label>
              <span>{P.phone} *</span>
              <input
                name="phone"
                {...inv('phone')}
                type="tel"
                required
                autocomplete="tel"
                placeholder="0912 345 678"
                value={f.phone}
                onInput={(e) => set('phone', e.currentTarget.value)}
              />
            </label>
            <label class="span2">
              <span>{P.email}</span>
              <input name="email" {...inv('email')} type="email" autocomplete="email" value={f.email} onInput={(e) => set('email', e.currentTarget.value)} />
            </label>
          </div>
          <label class="inline">
            <input type="checkbox" name="anonymous" checked={f.anonymous} onChange={(e) => set('anonymous', e.currentTarget.checked)} />
            {P.anonymousLabel}
          </label>
          <div class="privacy">
            <strong>{P.privacyTitle}</strong>
            <p>{P.privacy}</p>
            <label class="inline">
              <input type="checkbox" name="consent" {...inv('consent')} checked={f.consent} onChange={(e) => set('consent', e.currentTarget.checked)} />
              <strong>{P.consent}</strong>
            </label>
          </div>
          {error && (
            <div id="submit-error">
              <Notice kind="error">{error}</Notice>
            </div>
          )}
          <button type="submit" class="btn primary big" disabled={busy}>
            {busy ? P.submitting : P.submit}
          </button>
        </form>
      </section>
    </PublicShell>
  );
}

/** A value to keep (a tracking code, a token), shown large with a copy button. */
export function Keep({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <div>
      <div class="muted">{label}</div>
      <div class="keep-row">
        <output class="keep" data-keep={name}>
          {value}
        </output>
        <CopyButton text={value} />
      </div>
    </div>
  );
}

/** `/tra-cuu`: track a petition by its code and token (also read from the fragment: `#code=…&token=…`). */
export function TrackPetitionPage() {
  const P = usePT();
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const [code, setCode] = useState(fromHash.get('code') ?? new URLSearchParams(location.search).get('code') ?? '');
  const [token, setToken] = useState(fromHash.get('token') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [r, setR] = useState<PublicTracking | null>(null);
  useEffect(() => {
    document.title = `${P.trackTitle} · Diemcau`;
  }, [P]);

  async function track(e?: Event) {
    e?.preventDefault();
    const c = code.trim().toUpperCase();
    if (!c || !token.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setR(await get<PublicTracking>(`/api/public/petitions/${encodeURIComponent(c)}?token=${encodeURIComponent(token.trim())}`));
    } catch (x) {
      setR(null);
      setError(x instanceof ApiError && x.status === 404 ? P.trackNotFound : errorText(x));
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    if (code && token) void track();
  }, []);

  const merged = r?.mergedInto && typeof r.mergedInto === 'object' ? r.mergedInto : null;
  const answer = r?.answer ?? merged?.answer ?? null;
  // A merged petition's submitter follows the other one: its status (and its answer or reason) is what counts.
  const followed = merged ? merged.status : r?.status;
  const reason = r?.status === 'rejected' ? r.rejectionReason : merged?.status === 'rejected' ? merged.rejectionReason : null;
  return (
    <PublicShell here="track">
      <section class="card">
        <h1>{P.trackTitle}</h1>
        <p class="muted">{P.trackIntro}</p>
        <form class="form" onSubmit={track} data-form="track">
          <label>
            <span>{P.code}</span>
            <input name="code" required placeholder="KN-2026-000042" autocapitalize="characters" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </label>
          <label>
            <span>{P.trackingToken}</span>
            <input name="token" required autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
          </label>
          {error && <Notice kind="error">{error}</Notice>}
          <button type="submit" class="btn primary big" disabled={busy}>
            {P.track}
          </button>
        </form>
      </section>
      {r && (
        <section class="card" data-tracking={r.code} data-status={r.status}>
          <h2>
            {r.code} <PetitionStatusBadge status={r.status} />
          </h2>
          {merged && (
            <div data-merged-status={merged.status}>
              <Notice kind="info">
                {P.mergedInto(merged.code)}. {P.statusOf(merged.code)}: <PetitionStatusBadge status={merged.status} />
              </Notice>
            </div>
          )}
          <dl class="pt-facts">
            <dt>{P.field}</dt>
            <dd>{P.fields[r.field] ?? r.field}</dd>
            <dt>{P.received}</dt>
            <dd>{fmtDayTime(r.receivedAt)}</dd>
            {r.leadDepartment && (
              <>
                <dt>{P.leadDepartment}</dt>
                <dd>{r.leadDepartment.name}</dd>
              </>
            )}
            {r.dueAt && (
              <>
                <dt>{P.dueAt}</dt>
                <dd>{fmtDay(r.dueAt)}</dd>
              </>
            )}
          </dl>
          <h3>{P.answer}</h3>
          {answer ? (
            <>
              <p class="muted small">{P.modes[answer.mode]}</p>
              <div class="pt-answer">{answer.text}</div>
              {(answer.documentNo || answer.signedBy) && <p class="small muted">{[answer.documentNo, answer.signedBy].filter(Boolean).join(' · ')}</p>}
            </>
          ) : followed === 'rejected' ? (
            <div data-rejected>
              <p>{P.trackRejected}</p>
              {reason && <p>{P.reasonLabel(reason)}</p>}
            </div>
          ) : followed === 'received' || followed === 'assigned' ? (
            <p class="muted">{P.notAnsweredYet}</p>
          ) : null}
          {r.replies?.length > 0 && (
            <>
              <h3>{P.replies}</h3>
              <ol class="pt-thread">
                {r.replies.map((m, i) => (
                  <li key={i} class="dir-out">
                    <div class="meta">{fmtDayTime(m.at)}</div>
                    <div class="pt-content">{m.text}</div>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
    </PublicShell>
  );
}

const PAGE = 20;

/** `/hoi-dap`: the published answers, searchable by field and words; no submitter data anywhere. */
export function PublicAnswersPage() {
  const P = usePT();
  const u = new URLSearchParams(location.search);
  const [field, setField] = useState<string>(u.get('field') ?? '');
  const [q, setQ] = useState(u.get('q') ?? '');
  const [applied, setApplied] = useState({ field, q });
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<PublicAnswer> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${P.answersTitle} · Diemcau`;
  }, [P]);
  useEffect(() => {
    let stop = false;
    history.replaceState(null, '', `/hoi-dap${query(applied)}`);
    setError(null);
    get<Page<PublicAnswer>>(`/api/public/answers${query({ ...applied, limit: PAGE, offset })}`)
      .then((p) => !stop && setPage(p))
      .catch((e) => !stop && setError(errorText(e)));
    return () => {
      stop = true;
    };
  }, [applied.field, applied.q, offset]);

  return (
    <PublicShell here="answers">
      <section class="card">
        <h1>{P.answersTitle}</h1>
        <p class="muted">{P.answersIntro}</p>
        <form
          class="form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setOffset(0);
            setApplied({ field, q: q.trim() });
          }}
        >
          <div class="grid2">
            <label>
              <span>{P.answersSearch}</span>
              <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
            </label>
            <ChoiceSelect
              label={P.field}
              name="field"
              value={field}
              choices={FIELDS}
              words={P.fields}
              empty={P.all}
              onChange={(v) => {
                setField(v);
                setOffset(0);
                setApplied({ field: v, q: q.trim() });
              }}
            />
          </div>
          <div>
            <button type="submit" class="btn primary">
              {P.search}
            </button>
          </div>
        </form>
      </section>
      {error && <Notice kind="error">{error}</Notice>}
      {!page && !error && <Loading />}
      {page && (
        <>
          <p class="muted" role="status">
            {P.found(page.total)}
          </p>
          {page.items.length === 0 && <p class="muted">{P.answersEmpty}</p>}
          <ul class="answers">
            {page.items.map((a) => (
              <li key={a.code} data-answer-code={a.code}>
                <div class="muted small">
                  {a.code} · {P.fields[a.field] ?? a.field} · {P.answeredAt}: {fmtDay(a.answeredAt)}
                </div>
                <h2>{a.title}</h2>
                {a.leadDepartment && <p class="small">{P.answeredBy(a.leadDepartment.name)}</p>}
                <div class="pt-answer">{a.answer.text}</div>
                <p class="small muted">
                  {P.modes[a.answer.mode]}
                  {a.answer.documentNo ? ` · ${P.documentNo}: ${a.answer.documentNo}` : ''}
                  {a.answer.signedBy ? ` · ${a.answer.signedBy}` : ''}
                </p>
              </li>
            ))}
          </ul>
          {page.total > PAGE && (
            <div class="row between">
              <button type="button" class="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {P.prev}
              </button>
              <button type="button" class="btn small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
                {P.next}
              </button>
            </div>
          )}
        </>
      )}
    </PublicShell>
  );
}

/** "Sao chép": puts `text` on the clipboard and says it did ("Đã sao chép"). */
export function CopyButton({ text }: { text: string }) {
  const P = usePT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="btn small"
      onClick={() =>
        navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          .catch(() => undefined)
      }
    >
      {copied ? P.copied : P.copy}
    </button>
  );
}
