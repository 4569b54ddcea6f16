/**
 * The server's clock as this browser sees it, from the `Date` header of the REST answers (whole seconds): a phone
 * whose own clock is wrong still counts a roll call's time down against the server's deadline.
 */
let offsetMs: number | null = null;

/** Notes one answer: the header's second is taken at its middle, the phone's time at the middle of the request. */
export function noteServerDate(header: string | null, sentAt: number, receivedAt: number): void {
  const server = header ? Date.parse(header) : NaN;
  if (Number.isNaN(server) || receivedAt - sentAt > 10_000) return;
  offsetMs = server + 500 - (sentAt + receivedAt) / 2;
}

/** Now on the server's clock (the phone's own while no answer has been seen). */
export function serverNow(): number {
  return Date.now() + (offsetMs ?? 0);
}

/** Whether any answer told the server's time. */
export function serverClockKnown(): boolean {
  return offsetMs !== null;
}
