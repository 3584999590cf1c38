import { formatClock, type StartBulkOutput } from '@perch/shared';
import { useState } from 'react';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { formatDeadline } from '../lib/format';
import { useCountdown } from '../lib/use-countdown';
import { EndClassDialog } from './EndClassDialog';
import { PrintCard } from './PrintCard';
import { SkippedLearners } from './SkippedLearners';
import { toSheetPages } from './sheet-pages';
import 'messages:classes';
import 'messages:sheet';

interface PrintSheetProps {
  batch: StartBulkOutput;
  durationMin: number;
  onStartAgain: () => void;
  onNewClass: () => void;
}

/**
 * The class's QR cards. On screen: a toolbar and a preview; on paper (@media print): only the
 * cards, six to a page, each kept whole. Codes exist only in this answer, so the sheet is printed
 * from here and cannot be fetched again later.
 */
export function PrintSheet({ batch, durationMin, onStartAgain, onNewClass }: PrintSheetProps) {
  const { t } = useI18n();
  const first = batch.sessions[0];
  const earliest = batch.sessions.reduce((min, s) => (s.codeExpiresAt < min ? s.codeExpiresAt : min), first?.codeExpiresAt ?? '');
  const { remainingMs, lapsed } = useCountdown(earliest);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [ended, setEnded] = useState<number | null>(null);
  const pages = toSheetPages(batch.sessions);
  const title = batch.label ? t('classes.named', { label: batch.label }) : t('sheet.title');

  return (
    <div className="print-sheet-screen">
      <div className="sheet-toolbar no-print">
        <div>
          <p className="eyebrow">
            {t('sheet.started', { count: batch.sessions.length })}
          </p>
          <h2 className="sheet-title">{title}</h2>
          <SkippedLearners skipped={batch.skipped} />
          {ended !== null ? (
            <p className="notice notice-info" role="status">
              {t('classes.ended', { count: ended })}
            </p>
          ) : lapsed ? (
            <p className="notice notice-warning" role="alert">
              {t('sheet.expired')}
            </p>
          ) : (
            <p className="muted">
              {richText(t('sheet.handOut', { deadline: formatDeadline(earliest) }), {
                clock: () => <span className="countdown-clock">{formatClock(remainingMs)}</span>,
              })}
            </p>
          )}
        </div>
        <div className="sheet-actions">
          {!lapsed && ended === null && (
            <button type="button" className="btn btn-primary btn-large" onClick={() => window.print()} data-autofocus>
              {t('sheet.print')}
            </button>
          )}
          {lapsed && ended === null && (
            <button type="button" className="btn btn-primary btn-large" onClick={onStartAgain}>
              {t('sheet.again')}
            </button>
          )}
          <button type="button" className="btn" onClick={onNewClass}>
            {t('sheet.another')}
          </button>
          {ended === null && (
            <button type="button" className="btn btn-ghost" onClick={() => setConfirmEnd(true)}>
              {t('sheet.end')}
            </button>
          )}
        </div>
      </div>

      <div className="sheet" role="region" aria-label={t('sheet.region')}>
        {pages.map((cards, i) => (
          <section key={i} className="sheet-page" aria-label={t('sheet.page', { page: i + 1, pages: pages.length })}>
            <header className="sheet-page-header">
              <span>{title}</span>
              <span>{t('sheet.page', { page: i + 1, pages: pages.length })}</span>
            </header>
            <div className="sheet-grid">
              {cards.map((s) => (
                <PrintCard key={s.sessionId} session={s} durationMin={durationMin} />
              ))}
            </div>
          </section>
        ))}
      </div>

      {confirmEnd && (
        <EndClassDialog
          batchId={batch.batchId}
          count={batch.sessions.length}
          onClose={() => setConfirmEnd(false)}
          onDone={(revoked) => {
            setConfirmEnd(false);
            setEnded(revoked);
          }}
        />
      )}
    </div>
  );
}
