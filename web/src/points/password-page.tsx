import { useEffect, useState } from 'preact/hooks';
import { post } from '../api';
import { Notice } from '../components/ui';
import { errorText, useT } from '../i18n';
import { getSession, setSession } from '../session';
import { useAW } from './words';

/** A new password (create, reset, change): the server's rule (10–256 characters) checked by the form itself. */
export function NewPasswordField(props: { name: string; label: string; value: string; onInput: (v: string) => void; hint?: string }) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        name={props.name}
        type="password"
        required
        autocomplete="new-password"
        minLength={10}
        maxLength={256}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.hint && <small class="muted">{props.hint}</small>}
    </label>
  );
}

/**
 * `/password` (every signed-in account): changes the user's own password (`POST /api/auth/password`). The server signs
 * the other sessions out and answers a fresh token, which replaces this page's, so it stays signed in.
 */
export function PasswordPage() {
  const T = useT();
  const A = useAW();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${A.passwordTitle} · Diemcau`;
  }, [A]);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setSaid(null);
    if (next !== again) return setError(A.passwordsDiffer);
    setBusy(true);
    try {
      const { accessToken } = await post<{ accessToken: string }>('/api/auth/password', { currentPassword: current, newPassword: next });
      const session = getSession();
      if (session) setSession({ ...session, token: accessToken });
      setCurrent('');
      setNext('');
      setAgain('');
      setSaid(A.passwordChanged);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="pw-h" data-password-page>
      <h1 id="pw-h">{A.passwordTitle}</h1>
      <p class="muted small">{A.passwordIntro}</p>
      <form class="form" onSubmit={submit}>
        <label>
          <span>{A.currentPassword}</span>
          <input
            name="current-password"
            type="password"
            required
            autocomplete="current-password"
            maxLength={256}
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
        <NewPasswordField name="new-password" label={A.newPassword} value={next} onInput={setNext} hint={A.ownPasswordHint} />
        <NewPasswordField name="repeat-password" label={A.repeatPassword} value={again} onInput={setAgain} />
        {error && <Notice kind="error">{error}</Notice>}
        {said && <Notice kind="success">{said}</Notice>}
        <div class="row wrap">
          <button type="submit" class="btn primary" disabled={busy}>
            {busy ? T.saving : A.changePassword}
          </button>
        </div>
      </form>
    </section>
  );
}
