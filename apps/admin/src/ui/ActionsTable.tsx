import type { ReactNode } from 'react';
import { columnLabels } from './column-labels';
import { useI18n } from '../i18n';
import 'messages:common';

/**
 * A list page's table: its column headings, then a last column of row actions whose heading only a
 * screen reader hears. Rows (`children`) put their actions in that last cell.
 */
export function ActionsTable({
  columns,
  caption,
  className,
  children,
}: {
  columns: string[];
  caption?: string;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} style={columnLabels(columns)}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
