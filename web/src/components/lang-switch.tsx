import { setLang, useT } from '../i18n';

/** The language switch: Vietnamese by default, English on demand (remembered in localStorage). */
export function LangSwitch() {
  const T = useT();
  return (
    <button type="button" class="btn ghost lang" lang={T.otherLangCode} aria-label={T.switchLangLabel} onClick={() => setLang(T.otherLangCode)}>
      {T.otherLang}
    </button>
  );
}
