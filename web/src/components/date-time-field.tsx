import { useEffect, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import { useL } from '../i18n-live';

/** `10/07/2021` → `2021-07-10`, or null. Day and month may have one digit. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const d = DateTime.fromObject({ year: +m[3], month: +m[2], day: +m[1] });
  return d.isValid ? d.toFormat('yyyy-MM-dd') : null;
}

/** `8:05`, `08:05`, `8h05`, `0805` → `08:05` (24-hour), or null. */
export function parseTime24(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*(?:[:h.]\s*(\d{2})?|(\d{2}))?\s*$/i.exec(text);
  if (!m) return null;
  const h = +m[1];
  const min = +(m[2] ?? m[3] ?? 0);
  return h <= 23 && min <= 59 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : null;
}

/**
 * A date typed as day/month/year and a 24-hour time, whatever the browser's locale (a `datetime-local` shows
 * `12/02/2026, 09:05 AM` on an English system). `value` and `onChange` use `yyyy-MM-ddTHH:mm` (empty when invalid).
 */
export function DateTimeField(props: { name: string; label: string; value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const L = useL();
  const initial = DateTime.fromISO(props.value);
  const [date, setDate] = useState(props.value && initial.isValid ? initial.toFormat('dd/MM/yyyy') : '');
  const [time, setTime] = useState(props.value && initial.isValid ? initial.toFormat('HH:mm') : '');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    const d = DateTime.fromISO(props.value);
    const current = parseDayMonthYear(date) && parseTime24(time) ? `${parseDayMonthYear(date)}T${parseTime24(time)}` : '';
    if (props.value && d.isValid && props.value !== current) {
      setDate(d.toFormat('dd/MM/yyyy'));
      setTime(d.toFormat('HH:mm'));
    }
  }, [props.value]);
  const emit = (dt: string, tm: string) => {
    const d = parseDayMonthYear(dt);
    const t = parseTime24(tm);
    props.onChange(d && t ? `${d}T${t}` : '');
  };
  const dateBad = touched && date !== '' && !parseDayMonthYear(date);
  const timeBad = touched && time !== '' && !parseTime24(time);
  return (
    <fieldset class="plain dt-field" data-datetime={props.name}>
      <legend>{props.label}</legend>
      <div class="row">
        <input
          name={`${props.name}Date`}
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          aria-label={`${props.label}: ${L.dateLabel}`}
          aria-invalid={dateBad}
          value={date}
          disabled={props.disabled}
          onInput={(e) => {
            setDate(e.currentTarget.value);
            emit(e.currentTarget.value, time);
          }}
          onBlur={() => setTouched(true)}
        />
        <input
          name={`${props.name}Time`}
          inputMode="numeric"
          placeholder="HH:mm"
          class="narrow"
          aria-label={`${props.label}: ${L.timeLabel}`}
          aria-invalid={timeBad}
          value={time}
          disabled={props.disabled}
          onInput={(e) => {
            setTime(e.currentTarget.value);
            emit(date, e.currentTarget.value);
          }}
          onBlur={() => setTouched(true)}
        />
      </div>
      {dateBad && (
        <small class="bad-text" role="alert">
          {L.dateInvalid}
        </small>
      )}
      {timeBad && (
        <small class="bad-text" role="alert">
          {L.timeInvalid}
        </small>
      )}
    </fieldset>
  );
}
