import type { OnExistingInClass } from '@perch/shared';
import { useI18n, type AdminMessageId } from '../i18n';
import 'messages:class';

const CHOICES: { value: OnExistingInClass; label: AdminMessageId }[] = [
  { value: 'skip', label: 'class.existing.skip' },
  { value: 'end', label: 'class.existing.end' },
  { value: 'keep', label: 'class.existing.keep' },
];

/**
 * What a class start does for learners who already have a session: leave them out (the default;
 * they are listed after the start), end theirs and start anew, or start a second one beside it.
 */
export function OnExistingField({ value, onChange }: { value: OnExistingInClass; onChange: (choice: OnExistingInClass) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="fieldset on-existing">
      <legend>{t('class.existing.legend')}</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className="checkbox">
          <input type="radio" name="onExisting" value={c.value} checked={value === c.value} onChange={() => onChange(c.value)} />
          <span>{t(c.label)}</span>
        </label>
      ))}
    </fieldset>
  );
}
