import { useI18n } from '../../i18n';
import type { Separator } from './csv';
import type { LearnerList } from './learner-list';
import type { ListDraft } from './list-draft';
import 'messages:addMany';

/** The separator found, as addMany.reading.found selects it. */
const SEPARATOR_WORDS: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * How the text was read (the separator and a heading line, found by themselves) and the way to
 * read it otherwise, e.g. when names written "Lovelace, Ada" were taken for two columns.
 */
export function ReadingOptions({ draft, list, onChange }: { draft: ListDraft; list: LearnerList; onChange: (draft: ListDraft) => void }) {
  const { t } = useI18n();
  const found = t('addMany.reading.found', { separator: list.separator ? SEPARATOR_WORDS[list.separator] : 'none' });
  return (
    <fieldset className="fieldset reading-options">
      <legend className="visually-hidden">{t('addMany.reading.legend')}</legend>
      <div className="field field-inline">
        <label htmlFor="list-separator">{t('addMany.reading.separator')}</label>
        <select
          id="list-separator"
          value={draft.separator === '\t' ? 'tab' : draft.separator}
          onChange={(e) => onChange({ ...draft, separator: e.target.value === 'tab' ? '\t' : (e.target.value as ListDraft['separator']) })}
        >
          <option value="auto">{draft.separator === 'auto' ? found : t('addMany.reading.find')}</option>
          <option value="none">{t('addMany.reading.none')}</option>
          <option value=",">{t('addMany.reading.commas')}</option>
          <option value=";">{t('addMany.reading.semicolons')}</option>
          <option value="tab">{t('addMany.reading.tabs')}</option>
        </select>
      </div>
      <label className="checkbox checkbox-inline">
        <input type="checkbox" checked={list.header} onChange={(e) => onChange({ ...draft, header: e.target.checked })} />
        <span>{t('addMany.reading.header')}</span>
      </label>
      {list.ignoredColumns.length > 0 && (
        <p className="field-hint">{t('addMany.reading.ignored', { columns: list.ignoredColumns.map((c) => `“${c}”`).join(', ') })}</p>
      )}
    </fieldset>
  );
}
