/**
 * Keeps the board's agenda from going back in time: the 30 s reload (`GET …/agenda`) may be answered after a newer
 * `agenda` push, and marking the current item does not change the agenda's version, so the version alone cannot
 * tell. A read's answer is kept only when no push (nor the answer of setting the current item) arrived while it was
 * on its way, and its version is not older than the one held.
 */
export class AgendaGate {
  private pushes = 0;

  /** An `agenda` push, or the agenda answered by setting the current item, is now held. */
  pushed(): void {
    this.pushes++;
  }

  /** A REST read starts; the function answers whether its result may replace the agenda held by then. */
  read(): (held: { version: number } | null, got: { version: number }) => boolean {
    const at = this.pushes;
    return (held, got) => this.pushes === at && (!held || got.version >= held.version);
  }
}
