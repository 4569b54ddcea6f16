/**
 * The pure part of the agenda editor's conflict handling. When a stale save meets an item someone else changed, the
 * conflict box lists the fields they changed (`changedFields`), and both ways out build on that one list: "keep mine"
 * sends only the fields this user changed, so theirs stay; "take theirs" (`takeTheirs`) puts their values into
 * exactly the listed fields and keeps this user's own edits everywhere else.
 */

/** One field the other person changed: the field, its value when editing began, its value now. */
export type FieldChange<F> = [keyof F, F[keyof F], F[keyof F]];

/** The fields (in `order`) whose value in `theirs` differs from `base`: what the other person changed. */
export function changedFields<F extends object>(order: ReadonlyArray<keyof F>, base: F, theirs: F): Array<FieldChange<F>> {
  return order.filter((k) => base[k] !== theirs[k]).map((k): FieldChange<F> => [k, base[k], theirs[k]]);
}

/**
 * "Take theirs": the form with the other person's value in each field they changed (`changed`, as the conflict box
 * lists it) and what the user typed in every other field. The fields not listed are the same in theirs as when editing
 * began, so with no other edits this is exactly their version.
 */
export function takeTheirs<F extends object>(form: F, changed: ReadonlyArray<FieldChange<F>>): F {
  const next = { ...form };
  for (const [k, , now] of changed) next[k] = now;
  return next;
}
