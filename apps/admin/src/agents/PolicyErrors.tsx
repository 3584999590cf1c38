import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import type { UserError } from '../lib/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import 'messages:policy';

/** One problem in the policy: its JSON path (empty for the document as a whole) and the sentence. */
export interface PolicyProblem {
  path: string;
  message: string;
}

/**
 * The server's refusal as a list: `fieldErrors` is keyed by JSON path (`_` for the document), and
 * each sentence begins with its path, which the list shows as code instead.
 */
export function policyProblems(failure: UserError): PolicyProblem[] {
  return Object.entries(failure.fieldErrors).map(([key, sentence]) => {
    const path = key === '_' ? '' : key;
    const message = path && sentence.startsWith(`${path}: `) ? sentence.slice(path.length + 2) : sentence;
    return { path, message };
  });
}

/** Why the policy was not saved, each problem named by where it is in the JSON. */
export function PolicyErrors({ id, failure }: { id: string; failure: UserError }) {
  const { t } = useI18n();
  const problems = policyProblems(failure);
  return (
    <div id={id}>
      <ErrorNotice>
        {problems.length === 0 ? (
          <p>{failure.message}</p>
        ) : (
          <>
            <p>{richText(t('policy.notSaved', { count: problems.length }), { b: (text) => <strong>{text}</strong> })}</p>
            <ul className="policy-problems">
              {problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  {p.path && <code className="policy-path">{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </ErrorNotice>
    </div>
  );
}
