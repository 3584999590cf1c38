import type { AgentPolicy, AgentToolInfo } from '@perch/shared';
import { columnLabels } from '../ui/column-labels';
import { useI18n, type AdminMessageId } from '../i18n';
import { describeLimit, summarizeToolPolicy } from './policy-summary';
import 'messages:tools';

/** The description's first sentence: it says what the tool does; the rest is for the language model. */
const firstSentence = (text: string) => text.match(/^.*?\.(?=\s|$)/)?.[0] ?? text;

function effect(tool: AgentToolInfo): { label: AdminMessageId; className: string } {
  if (tool.readOnly) return { label: 'tools.readOnly', className: 'badge-tool-read' };
  if (tool.destructive) return { label: 'tools.destructive', className: 'badge-tool-destructive' };
  return { label: 'tools.writes', className: 'badge-tool-write' };
}

/** Every tool /mcp serves, what it may do, and what the policy in force says about it. */
export function ToolsTable({ tools, policy }: { tools: AgentToolInfo[]; policy: AgentPolicy }) {
  const { t } = useI18n();
  const columns = [t('tools.col.tool'), t('tools.col.effect'), t('tools.col.policy')];
  const everyTool = policy.all_tools?.limits ?? [];
  return (
    <>
      {everyTool.length > 0 && (
        <p className="small">{t('tools.everyCall', { limits: everyTool.map(describeLimit).join('; ') })}</p>
      )}
      <div className="table-wrap">
        <table className="table table-tools" style={columnLabels(columns)}>
          <caption className="visually-hidden">{t('tools.caption')}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tools.map((tool) => {
              const kind = effect(tool);
              const summary = summarizeToolPolicy(policy, tool.name);
              return (
                <tr key={tool.name} data-tool={tool.name}>
                  <th scope="row">
                    <code className="tool-name">{tool.name}</code>
                    <span className="cell-sub cell-wrap">{firstSentence(tool.description)}</span>
                  </th>
                  <td>
                    <span className={`badge ${kind.className}`}>{t(kind.label)}</span>
                  </td>
                  <td>
                    <span className={`badge badge-verdict-${summary.verdict}`}>{summary.label}</span>
                    {summary.details.map((d) => (
                      <span key={d} className="cell-sub cell-wrap">
                        {d}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
