import { usePT } from './i18n';
import { fmtDay, today } from './calendar';
import { shownWorkingDays, workingDaysUntil } from './working-days';
import type { Petition, PetitionStatus } from './types';

export function PetitionStatusBadge({ status }: { status: PetitionStatus }) {
  const P = usePT();
  return (
    <span class={`badge pst-${status}`} data-petition-status={status}>
      {P.statuses[status]}
    </span>
  );
}

export function OverdueMark() {
  const P = usePT();
  return (
    <span class="chip bad" data-overdue="true">
      ⚠ {P.overdue}
    </span>
  );
}

/** Dues that the page must count itself (the server sent no `workingDaysLeft`). */
export function duesToCount(list: Array<Pick<Petition, 'dueAt' | 'workingDaysLeft'>>): Array<string | null> {
  return list.filter((p) => typeof p.workingDaysLeft !== 'number').map((p) => p.dueAt);
}

/** The lead department's name: from the petition when the API sends it, else from the departments list. */
export function leadName(p: Pick<Petition, 'leadDepartment' | 'leadDepartmentId'>, departments: Array<{ id: string; name: string }>): string {
  if (p.leadDepartment?.name) return p.leadDepartment.name;
  return departments.find((d) => d.id === p.leadDepartmentId)?.name ?? '';
}

/** The due date with the working days left (or late), and the overdue mark. */
export function DueCell({ p, days }: { p: Pick<Petition, 'dueAt' | 'overdue' | 'status' | 'workingDaysLeft'>; days: Map<string, boolean> | null }) {
  const P = usePT();
  if (!p.dueAt) return <span class="muted">—</span>;
  const open = p.status === 'received' || p.status === 'assigned';
  // the server's count when it sends one, else the calendar's
  const counted = !open ? null : typeof p.workingDaysLeft === 'number' ? p.workingDaysLeft : days ? workingDaysUntil(days, p.dueAt, today()) : null;
  const n = shownWorkingDays(counted, p.overdue);
  return (
    <span class="pt-due">
      <span class="nowrap">{fmtDay(p.dueAt)}</span>
      {n !== null && (
        <span class={`small nowrap ${n < 0 || p.overdue ? 'bad-text' : n <= 2 ? 'warn-text' : 'muted'}`} data-working-days={n}>
          {' '}
          ({n < 0 ? P.workingDaysLate(-n) : P.workingDaysLeft(n)})
        </span>
      )}
      {p.overdue && (
        <>
          {' '}
          <OverdueMark />
        </>
      )}
    </span>
  );
}

/**
 * A labelled `<select>` of a fixed list named in the page's words (fields, kinds, channels), with an optional empty
 * first option ("Tất cả" in a filter, "— Lĩnh vực —" in a form).
 */
export function ChoiceSelect<T extends string>(props: {
  label: string;
  name: string;
  value: string;
  choices: readonly T[];
  words: Record<T, string>;
  empty?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.choices.map((x) => (
          <option key={x} value={x}>
            {props.words[x]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled `<select>` of the conferences ("title (dd/MM/yyyy)"), the empty option first. */
export function ConferenceSelect(props: {
  label: string;
  name: string;
  value: string;
  conferences: Array<{ id: string; title: string; startsAt: string }>;
  empty: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.empty}</option>
        {props.conferences.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({fmtDay(c.startsAt)})
          </option>
        ))}
      </select>
    </label>
  );
}
