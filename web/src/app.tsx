import type { ComponentChildren } from 'preact';
import { useT } from './i18n';
import { LangSwitch } from './components/lang-switch';
import { post } from './api';
import { onLinkClick, usePath } from './router';
import { setSession, useSession } from './session';
import { BoardPage } from './board/board-page';
import { ReleasePrintPage } from './broadcast/release-print-page';
import { ReportPage } from './broadcast/report-page';
import { AgendaEditorPage } from './pages/agenda-editor';
import { CheckinPage } from './pages/checkin';
import { ConferencePage } from './pages/conference';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';

/** An id segment: anything else shows the not-found page (the server answers such paths 404 as well). */
const UUIDISH = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';

/** Picks the page from the path; every page but the check-in page needs a signed-in user. */
export function App() {
  const path = usePath();
  const session = useSession();
  const T = useT();
  if (path === '/checkin' || path === '/checkin/') return <CheckinPage />;
  if (!session) {
    return (
      <Shell>
        <LoginPage />
      </Shell>
    );
  }
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^/board/${UUIDISH}/?$`).exec(path))) return <BoardPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  if ((m = new RegExp(`^/conferences/${UUIDISH}/releases/([0-9]+)/print/?$`).exec(path))) {
    return <ReleasePrintPage key={path} conferenceId={decodeURIComponent(m[1])} number={decodeURIComponent(m[2])} />;
  }
  if ((m = new RegExp(`^/report/${UUIDISH}/?$`).exec(path))) return <ReportPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  let page: ComponentChildren;
  if (path === '/' || path === '') page = <HomePage />;
  else if (path === '/conferences/new') page = <ConferencePage key="new" conferenceId={null} />;
  else if ((m = new RegExp(`^/conferences/${UUIDISH}/agenda/?$`).exec(path))) page = <AgendaEditorPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  else if ((m = new RegExp(`^/conferences/${UUIDISH}/?$`).exec(path))) page = <ConferencePage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  else if (path === '/conferences') page = <HomePage />;
  else
    page = (
      <section class="card">
        <h1>{T.notFound}</h1>
        <a href="/" onClick={onLinkClick}>
          {T.backHome}
        </a>
      </section>
    );
  return <Shell>{page}</Shell>;
}

/** Header with the app name, the user, the language switch and sign-out; the board uses its own compact header. */
export function Shell({ children, wide }: { children: ComponentChildren; wide?: boolean }) {
  const T = useT();
  const session = useSession();
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {T.skipToContent}
      </a>
      <header class="topbar">
        <a class="brand" href="/" onClick={onLinkClick}>
          <span class="logo" aria-hidden="true" />
          <span>
            <strong>{T.appName}</strong>
            <small>{T.appTagline}</small>
          </span>
        </a>
        <nav class="topnav">
          {session && (
            <>
              <a href="/" onClick={onLinkClick}>
                {T.conferences}
              </a>
              <span class="who">{T.signedInAs(session.user.username, T.roles[session.user.role])}</span>
              <button type="button" class="btn ghost" onClick={signOut}>
                {T.signOut}
              </button>
            </>
          )}
          <LangSwitch />
        </nav>
      </header>
      <main id="main" class={wide ? 'content wide' : 'content'}>
        {children}
      </main>
    </div>
  );
}

/** Signs out everywhere (the server revokes every token of the account), then forgets the session here. */
function signOut(): void {
  void post('/api/auth/logout').catch(() => undefined);
  setSession(null);
}
