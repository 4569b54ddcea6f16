import { useState } from 'preact/hooks';
import { post } from '../api';
import { useT, errorText } from '../i18n';
import { setSession } from '../session';
import type { User } from '../types';
import { Notice } from '../components/ui';

/** Sign-in; Enter in either field submits. The session is kept in localStorage, the page stays on its route. */
export function LoginPage() {
  const T = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ accessToken: string; user: User }>('/api/auth/login', { username: username.trim(), password });
      setSession({ token: res.accessToken, user: res.user });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <section class="card login">
      <h1>{T.signInTitle}</h1>
      <form onSubmit={submit} class="form" aria-describedby={error ? 'login-error' : undefined}>
        <label>
          <span>{T.username}</span>
          <input name="username" autocomplete="username" required autofocus value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          <span>{T.password}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <div id="login-error">
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <button type="submit" class="btn primary big" disabled={busy}>
          {busy ? T.signingIn : T.signIn}
        </button>
      </form>
    </section>
  );
}
