import type { SendClassToTabletsOutput } from '@perch/shared';
import { SkippedLearners } from './SkippedLearners';

/** Where a class sent to the tablets went: who is on which tablet, and who still waits for one. */
export function SentClassPanel({ result, onNewClass }: { result: SendClassToTabletsOutput; onNewClass: () => void }) {
  return (
    <div className="panel sent-class">
      <p role="status">
        {result.placed.length} session{result.placed.length === 1 ? '' : 's'} sent: each opens on its tablet now, no codes needed.
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
          No free tablet for {result.waiting.map((w) => w.learnerName).join(', ')}. Send them when a tablet is free, or start their
          sessions with cards.
        </p>
      )}
      <div className="form-actions form-actions-start">
        <button type="button" className="btn btn-primary" onClick={onNewClass} data-autofocus>
          Start another class
        </button>
      </div>
    </div>
  );
}
