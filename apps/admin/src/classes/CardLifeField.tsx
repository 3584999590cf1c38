import { CLASS_CARD_LIFE_MIN, CODE_TTL_MS, MINUTE_MS } from '@perch/shared';
import { useI18n, type AdminMsg } from '../i18n';
import 'messages:cardLife';
import 'messages:time';

/** How long printed cards may work, in minutes: the default code life up to a week. */
const CHOICES: { minutes: number; label: AdminMsg }[] = [
  { minutes: CODE_TTL_MS / MINUTE_MS, label: { id: 'time.minutes', values: { minutes: CODE_TTL_MS / MINUTE_MS } } },
  { minutes: 60, label: { id: 'time.hours', values: { hours: 1 } } },
  { minutes: 24 * 60, label: { id: 'time.days', values: { days: 1 } } },
  { minutes: CLASS_CARD_LIFE_MIN.max, label: { id: 'time.days', values: { days: CLASS_CARD_LIFE_MIN.max / (24 * 60) } } },
];

/**
 * "Cards work for": offered only while only enrolled tablets may redeem, when cards can be printed
 * ahead (a session's own clock starts when it is scanned either way).
 */
export function CardLifeField({ value, onChange, error }: { value: number; onChange: (minutes: number) => void; error?: string | undefined }) {
  const { t } = useI18n();
  return (
    <fieldset className={error ? 'fieldset field-invalid' : 'fieldset'}>
      <legend>{t('cardLife.legend')}</legend>
      <div className="segmented">
        {CHOICES.map((c) => (
          <label key={c.minutes} className={value === c.minutes ? 'segment segment-on' : 'segment'}>
            <input type="radio" name="cardLifeMin" value={c.minutes} checked={value === c.minutes} onChange={() => onChange(c.minutes)} />
            {t(c.label)}
          </label>
        ))}
      </div>
      <p className="field-hint">{t('cardLife.hint')}</p>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
