import type { SendClassToTabletsOutput } from '@perch/shared';
import { useI18n } from '../i18n';
import { SkippedLearners } from './SkippedLearners';
import 'messages:sent';
import 'messages:sheet';

/** Where a class sent to the tablets went: who is on which tablet, and who still waits for one. */
export function SentClassPanel({ result, onNewClass }: { result: SendClassToTabletsOutput; onNewClass: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div className="panel sent-class">
      <p role="status">
        {t('sent.placed', { count: result.placed.length })}
      </p>
      <ul>
        {result.placed.map((p) => (
          <li key={p.sessionId}>
            <strong>{p.learnerName}</strong> → {p.tabletName}
          </li>
        ))}
      </ul>
      <SkippedLearners skipped={result.skipped} />
      {result.waiting.length > 0 && (
        <p className="notice notice-warning">
          {t('sent.waiting', { names: new Intl.ListFormat(locale, { type: 'conjunction' }).format(result.waiting.map((w) => w.learnerName)) })}
        </p>
      )}
      <div className="form-actions form-actions-start">
        <button type="button" className="btn btn-primary" onClick={onNewClass} data-autofocus>
          {t('sheet.another')}
        </button>
      </div>
    </div>
  );
}
