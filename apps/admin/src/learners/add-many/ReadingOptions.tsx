import type { Separator } from './csv';
import type { LearnerList } from './learner-list';
import type { ListDraft } from './list-draft';

const SEPARATOR_NAMES: Record<Separator, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

/**
 * How the text was read (the separator and a heading line, found by themselves) and the way to
 * read it otherwise, e.g. when names written "Lovelace, Ada" were taken for two columns.
 */
export function ReadingOptions({ draft, list, onChange }: { draft: ListDraft; list: LearnerList; onChange: (draft: ListDraft) => void }) {
  const found = list.separator ? SEPARATOR_NAMES[list.separator] : 'nothing: one name a line';
  return (
    <fieldset className="fieldset reading-options">
      <legend className="visually-hidden">How the text is read</legend>
      <div className="field field-inline">
        <label htmlFor="list-separator">Columns separated by</label>
        <select
          id="list-separator"
          value={draft.separator === '\t' ? 'tab' : draft.separator}
          onChange={(e) => onChange({ ...draft, separator: e.target.value === 'tab' ? '\t' : (e.target.value as ListDraft['separator']) })}
        >
          <option value="auto">{draft.separator === 'auto' ? `Found by itself: ${found}` : 'Find by itself'}</option>
          <option value="none">Nothing: one name a line</option>
          <option value=",">Commas</option>
          <option value=";">Semicolons</option>
          <option value="tab">Tabs</option>
        </select>
      </div>
      <label className="checkbox checkbox-inline">
        <input type="checkbox" checked={list.header} onChange={(e) => onChange({ ...draft, header: e.target.checked })} />
        <span>The first line holds column names</span>
      </label>
      {list.ignoredColumns.length > 0 && (
        <p className="field-hint">
          Left out (Perch keeps name, age and notes): {list.ignoredColumns.map((c) => `“${c}”`).join(', ')}.
        </p>
      )}
    </fieldset>
  );
}
