import { sentence, useI18n } from '../../i18n';
import type { PreviewRow } from './preview-rows';
import 'messages:addMany';

/**
 * The learners about to be added, one row each, with what is wrong with a row on that row: its
 * line in the text (to find it there), its fields as they will be saved, and its check.
 */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap preview-wrap">
      <table className="table table-preview">
        <caption className="visually-hidden">{t('addMany.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('addMany.table.line')}</th>
            <th scope="col">{t('addMany.table.name')}</th>
            <th scope="col">{t('addMany.table.age')}</th>
            <th scope="col">{t('addMany.table.notes')}</th>
            <th scope="col">{t('addMany.table.check')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const state = row.errors.length > 0 ? 'error' : row.warnings.length > 0 ? 'warning' : 'ok';
            return (
              <tr key={row.line} data-line={row.line} data-check={state} className={`preview-row preview-${state}`}>
                <td className="cell-line">{row.line}</td>
                <th scope="row" className="cell-preview-name">
                  {row.name.trim() || <span className="muted">{t('addMany.table.noName')}</span>}
                </th>
                <td>{row.age.trim() || <span className="muted">—</span>}</td>
                <td className="cell-preview-notes">{row.notes.trim() || <span className="muted">—</span>}</td>
                <td className="cell-check">
                  {state === 'ok' ? (
                    <span className="check-ok">{t('addMany.table.ready')}</span>
                  ) : (
                    <ul className="check-list">
                      {row.errors.map(sentence).map((message) => (
                        <li key={message} className="check-error">
                          {message}
                        </li>
                      ))}
                      {row.warnings.map((message) => (
                        <li key={message} className="check-warning">
                          {message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
