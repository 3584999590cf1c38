import { CLASS_CARD_LIFE_MIN, CODE_TTL_MS, MINUTE_MS } from '@perch/shared';

/** How long printed cards may work, in minutes: the default code life up to a week. */
const CHOICES: { minutes: number; label: string }[] = [
  { minutes: CODE_TTL_MS / MINUTE_MS, label: '10 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: CLASS_CARD_LIFE_MIN.max, label: '7 days' },
];

/**
 * "Cards work for": offered only while only enrolled tablets may redeem, when cards can be printed
 * ahead (a session's own clock starts when it is scanned either way).
 */
export function CardLifeField({ value, onChange, error }: { value: number; onChange: (minutes: number) => void; error?: string | undefined }) {
  return (
    <fieldset className={error ? 'fieldset field-invalid' : 'fieldset'}>
      <legend>Cards work for</legend>
      <div className="segmented">
        {CHOICES.map((c) => (
          <label key={c.minutes} className={value === c.minutes ? 'segment segment-on' : 'segment'}>
            <input type="radio" name="cardLifeMin" value={c.minutes} checked={value === c.minutes} onChange={() => onChange(c.minutes)} />
            {c.label}
          </label>
        ))}
      </div>
      <p className="field-hint">Only enrolled tablets can use them, so you can print them ahead. Each session’s time starts when its card is scanned.</p>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
