import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AGENT_POLICY_MAX_CHARS, DEFAULT_AGENT_POLICY, type AgentPolicyView } from '@perch/shared';
import { useId, useState } from 'react';
import { richText } from '@perch/web';
import { t, useI18n } from '../i18n';
import { errorMessage, visibleError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { PolicyErrors } from './PolicyErrors';
import { ToolsTable } from './ToolsTable';
import 'messages:common';
import 'messages:policy';
import 'messages:tools';

const DEFAULT_TEXT = JSON.stringify(DEFAULT_AGENT_POLICY, null, 2);

function provenance(view: AgentPolicyView): string {
  if (view.readOnly) return t('policy.pinned', { file: view.filePath ?? 'PERCH_POLICY_FILE' });
  if (view.source === 'default') return t('policy.shipped');
  return t('policy.saved', { by: view.updatedBy ?? '_', date: view.updatedAt ? formatDateTime(view.updatedAt) : '_' });
}

const code = (text: string) => <code>{text}</code>;
const bold = (text: string) => <strong>{text}</strong>;

/**
 * The agents policy as JSON, edited in place. The server validates a save; a refused one names each
 * problem by its JSON path and leaves the policy in force as it was. A saved policy that cannot be
 * read (a damaged row) is said plainly: the server refuses every agent call until a valid one is saved.
 */
export function PolicySection() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const policy = useQuery(trpc.agents.policy.get.queryOptions());
  const tools = useQuery(trpc.agents.tools.list.queryOptions());
  const save = useMutation(
    trpc.agents.policy.update.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.agents.policy.get.queryKey(), view);
        setDraft(null);
        setAnnouncement(t('policy.savedAnnouncement'));
      },
      onError: () => setAnnouncement(''),
    }),
  );
  const view = policy.data;
  const text = draft ?? view?.text ?? '';
  const failure = visibleError(save.error);
  const changed = draft !== null && draft !== view?.text;

  return (
    <section className="agents-section" aria-labelledby="agents-policy-title">
      <div className="section-header">
        <div>
          <h2 id="agents-policy-title">{t('policy.title')}</h2>
          <p className="section-lede">{richText(t('policy.lede'), { code })}</p>
        </div>
      </div>
      {policy.error && <ErrorNotice>{errorMessage(policy.error)}</ErrorNotice>}
      {!view ? (
        policy.isPending && <Loading label={t('policy.loading')} />
      ) : (
        <>
          {view.unreadable && <ErrorNotice>{richText(t('policy.unreadable'), { b: bold })}</ErrorNotice>}
          <form
            className="form policy-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!view.readOnly) save.mutate({ text });
            }}
          >
            <div className={failure ? 'field field-invalid' : 'field'}>
              <label htmlFor={editorId}>{t('policy.editor')}</label>
              <p id={`${editorId}-hint`} className="field-hint">
                {provenance(view)}
              </p>
              <textarea
                id={editorId}
                className="code-editor"
                rows={18}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                maxLength={AGENT_POLICY_MAX_CHARS}
                readOnly={view.readOnly}
                value={text}
                onChange={(e) => setDraft(e.target.value)}
                aria-describedby={failure ? `${editorId}-hint ${editorId}-errors` : `${editorId}-hint`}
                {...(failure ? { 'aria-invalid': true } : {})}
              />
            </div>
            {failure && <PolicyErrors id={`${editorId}-errors`} failure={failure} />}
            <p className="visually-hidden" role="status">
              {announcement}
            </p>
            {!view.readOnly && (
              <div className="form-actions form-actions-start">
                <button type="submit" className="btn btn-primary" disabled={save.isPending || !changed}>
                  {t(save.isPending ? 'common.saving' : 'policy.save')}
                </button>
                {changed && (
                  <button
                    type="button"
                    className="btn"
                    onClick={() => {
                      setDraft(null);
                      save.reset();
                    }}
                  >
                    {t('policy.discard')}
                  </button>
                )}
                {text !== DEFAULT_TEXT && (
                  <button type="button" className="btn btn-ghost" onClick={() => setDraft(DEFAULT_TEXT)}>
                    {t('policy.restore')}
                  </button>
                )}
              </div>
            )}
          </form>
          <h3 className="subsection-title">{t('tools.title')}</h3>
          <p className="section-lede">{richText(t('tools.lede'), { code })}</p>
          {tools.error && <ErrorNotice>{errorMessage(tools.error)}</ErrorNotice>}
          {tools.data && <ToolsTable tools={tools.data} policy={view.policy} />}
        </>
      )}
    </section>
  );
}
