import { IDLE_LOCK_MIN, SESSION_DURATION_MIN } from '@perch/shared';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import type { SessionOptionsDraft } from './session-options';
import 'messages:options';

const DURATION_PRESETS = [30, 60, 90, 120] as const;

interface SessionOptionsFieldsProps {
  value: SessionOptionsDraft;
  onChange: (value: SessionOptionsDraft) => void;
  errors: Record<string, string>;
  /** Upper bound for the duration (guest sessions are shorter). */
  maxDuration?: number;
}

/** Session length (with quick presets) and idle lock, in minutes. */
export function SessionOptionsFields({ value, onChange, errors, maxDuration = SESSION_DURATION_MIN.max }: SessionOptionsFieldsProps) {
  const { t } = useI18n();
  const presets = DURATION_PRESETS.filter((m) => m <= maxDuration);
  return (
    <div className="session-options">
      <Field
        label={t('options.length')}
        hint={t('options.lengthHint', { min: SESSION_DURATION_MIN.min, max: maxDuration })}
        error={errors.durationMin}
      >
        {(control) => (
          <div className="input-with-presets">
            <div className="input-suffix">
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={SESSION_DURATION_MIN.min}
                max={maxDuration}
                step={5}
                value={value.durationMin}
                onChange={(e) => onChange({ ...value, durationMin: e.target.value })}
              />
              <span aria-hidden="true">{t('options.min')}</span>
            </div>
            <div className="presets" role="group" aria-label={t('options.presets')}>
              {presets.map((m) => (
                <button
                  key={m}
                  type="button"
                  className={value.durationMin === String(m) ? 'chip chip-on' : 'chip'}
                  aria-pressed={value.durationMin === String(m)}
                  onClick={() => onChange({ ...value, durationMin: String(m) })}
                >
                  {t('options.minutes', { minutes: m })}
                </button>
              ))}
            </div>
          </div>
        )}
      </Field>
      <Field
        label={t('options.idle')}
        hint={t('options.idleHint', { max: IDLE_LOCK_MIN.max })}
        error={errors.idleLockMin}
      >
        {(control) => (
          <div className="input-suffix">
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={IDLE_LOCK_MIN.min}
              max={IDLE_LOCK_MIN.max}
              value={value.idleLockMin}
              onChange={(e) => onChange({ ...value, idleLockMin: e.target.value })}
            />
            <span aria-hidden="true">{t('options.min')}</span>
          </div>
        )}
      </Field>
    </div>
  );
}
