/**
 * An edit form over a versioned record, kept honest when the record changes under it: the form remembers the values it
 * was loaded from (`base`), a save sends only the fields the user changed against that base, and a newer record (a
 * reload, or the answer to another action) moves the untouched fields along while the user's edits stay. Without it, a
 * form that sends every field with the latest version silently undoes whatever someone else changed meanwhile.
 */

/** The fields of `form` that differ from `base`: what the user changed. */
export function editedKeys<F extends object>(form: F, base: F): Array<keyof F> {
  return (Object.keys(form) as Array<keyof F>).filter((k) => form[k] !== base[k]);
}

export interface Rebased<F> {
  /** The form on the newer record: untouched fields take its values, edited fields keep the user's. */
  form: F;
  /** Fields the user edited that the newer record changed too, to another value (the user's value is kept: say so). */
  clashes: Array<keyof F>;
}

/** Moves a form from the record it was loaded from (`base`) to a newer one (`fresh`, in the same form shape). */
export function rebase<F extends object>(form: F, base: F, fresh: F): Rebased<F> {
  const next = { ...fresh };
  const clashes: Array<keyof F> = [];
  for (const k of editedKeys(form, base)) {
    next[k] = form[k];
    if (fresh[k] !== base[k] && fresh[k] !== form[k]) clashes.push(k);
  }
  return { form: next, clashes };
}
