import type { ComponentChildren } from 'preact';
import { useT } from './i18n';
import { LangSwitch } from './components/lang-switch';
import { post } from './api';
import { onLinkClick, usePath, UUIDISH } from './router';
import { setSession, useSession } from './session';
import { BoardPage } from './board/board-page';
import { BOARD_PATH } from './board/early-start';
import { ReleasePrintPage } from './broadcast/release-print-page';
import { ReportPage } from './broadcast/report-page';
import { AgendaEditorPage } from './pages/agenda-editor';
import { CheckinPage } from './pages/checkin';
import { ConferencePage } from './pages/conference';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { QrSheetPage } from './pages/qr-sheet';
import { ConferenceQaPage } from './petitions/conference-qa';
import { PetitionPage } from './petitions/detail';
import { usePT } from './petitions/i18n';
import { InboxPage } from './petitions/inbox';
import { IntakePage } from './petitions/intake';
import { PublicAnswersPage, SubmitPetitionPage, TrackPetitionPage } from './petitions/public';
import { ZaloStatusPage } from './petitions/zalo-status';
import { PasswordPage } from './points/password-page';
import { PointsPage } from './points/points-page';
import { UsersPage } from './points/users-page';
import { useAW } from './points/words';

/** Picks the page from the path; every page but the check-in page needs a signed-in user. */
export function App() {
  const path = usePath();
  const session = useSession();
  const T = useT();
  if (path === '/checkin' || path === '/checkin/') return <CheckinPage />;
  // public petition pages: no account
  if (/^\/gui-kien-nghi\/?$/.test(path)) return <SubmitPetitionPage />;
  if (/^\/tra-cuu\/?$/.test(path)) return <TrackPetitionPage />;
  if (/^\/hoi-dap\/?$/.test(path)) return <PublicAnswersPage />;
  if (!session) {
    return (
      <Shell>
        <LoginPage />
      </Shell>
    );
  }
  let m: RegExpExecArray | null;
  if ((m = BOARD_PATH.exec(path))) return <BoardPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  if ((m = new RegExp(`^/conferences/${UUIDISH}/releases/([0-9]+)/print/?$`).exec(path))) {
    return <ReleasePrintPage key={path} conferenceId={decodeURIComponent(m[1])} number={decodeURIComponent(m[2])} />;
  }
  if ((m = new RegExp(`^/report/${UUIDISH}/?$`).exec(path))) return <ReportPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  if ((m = new RegExp(`^/conferences/${UUIDISH}/links/print/?$`).exec(path))) return <QrSheetPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
  let page: ComponentChildren;
  if ((path === '/' || path === '') && session.user.role === 'department') page = <InboxPage />;
  else if (path === '/' || path === '') page = <HomePage />;
  else if (/^\/petitions\/?$/.test(path)) page = <InboxPage />;
  else if (path === '/petitions/new') page = <IntakePage />;
  else if ((m = new RegExp(`^/petitions/${UUIDISH}/?$`).exec(path))) page = <PetitionPage key={m[1]} petitionId={decodeURIComponent(m[1])} />;
  else if (/^\/admin\/zalo\/?$/.test(path) && session.user.role === 'admin') page = <ZaloStatusPage />;
  else if (/^\/points\/?$/.test(path) && isStaff(session.user.role)) page = <PointsPage />;
  else if (/^\/users\/?$/.test(path)) page = <UsersPage />;
  else if (/^\/password\/?$/.test(path)) page = <PasswordPage />;
  else if ((m = new RegExp(`^/conferences/${UUIDISH}/qa/?$`).exec(path))) page = <ConferenceQaPage key={m[1]} conferenceId={decodeURIComponent(m[1])} />;
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
  return <Shell wide={/^\/petitions(\/|$)/.test(path) || (session.user.role === 'department' && (path === '/' || path === ''))}>{page}</Shell>;
}

/** Header with the app name, the user, the language switch and sign-out; the board uses its own compact header. */
export function Shell({ children, wide }: { children: ComponentChildren; wide?: boolean }) {
  const T = useT();
  const session = useSession();
  const P = usePT();
  const A = useAW();
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
              {session.user.role !== 'department' && (
                <a href="/" onClick={onLinkClick}>
                  {T.conferences}
                </a>
              )}
              <a href="/petitions" onClick={onLinkClick}>
                {P.petitions}
              </a>
              {isStaff(session.user.role) && (
                <a href="/points" onClick={onLinkClick}>
                  {A.pointsNav}
                </a>
              )}
              {session.user.role === 'admin' && (
                <a href="/users" onClick={onLinkClick}>
                  {A.usersNav}
                </a>
              )}
              {session.user.role === 'admin' && (
                <a href="/admin/zalo" onClick={onLinkClick}>
                  {P.zalo.statusNav}
                </a>
              )}
              <span class="who">{T.signedInAs(session.user.username, T.roles[session.user.role])}</span>
              <a href="/password" onClick={onLinkClick}>
                {A.passwordNav}
              </a>
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

/** The office's staff (not a point's or a department's account): they see the points directory. */
function isStaff(role: string): boolean {
  return role === 'admin' || role === 'organizer' || role === 'operator';
}

/** Signs out everywhere (the server revokes every token of the account), then forgets the session here. */
function signOut(): void {
  void post('/api/auth/logout').catch(() => undefined);
  setSession(null);
}
