import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useT, errorText } from '../i18n';

/**
 * `/conferences/:id/releases/:number/print`: fetches the print view (it needs the bearer token, so a plain link
 * cannot open it) and replaces this document with it, so the browser prints exactly the server's A4 page.
 */
export function ReleasePrintPage({ conferenceId, number }: { conferenceId: string; number: string }) {
  const T = useT();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    void (async () => {
      try {
        const res = await api<Response>(
          'GET',
          `/api/conferences/${encodeURIComponent(conferenceId)}/agenda/releases/${encodeURIComponent(number)}/print`,
          undefined,
          { raw: true },
        );
        const html = await res.text();
        if (gone) return;
        document.open();
        document.write(html);
        document.close();
      } catch (e) {
        if (!gone) setError(errorText(e));
      }
    })();
    return () => {
      gone = true;
    };
  }, [conferenceId, number]);
  return (
    <section class="card" aria-busy={!error}>
      <h1>{T.bc.printView}</h1>
      <p role={error ? 'alert' : undefined}>{error ?? T.loading}</p>
    </section>
  );
}
