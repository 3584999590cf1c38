import type { MintedSession } from '@perch/shared';
import { formatDeadline } from '../lib/format';
import { QrImage } from '../sessions/QrImage';
import { kioskAddress } from './sheet-pages';

/** One learner's card on the printed sheet: name, QR, code and when the code stops working. */
export function PrintCard({ session, durationMin }: { session: MintedSession; durationMin: number }) {
  return (
    <article className="print-card" aria-label={`Card for ${session.learnerName}`}>
      <h3 className="print-card-name">{session.learnerName}</h3>
      <QrImage value={session.redeemUrl} label={`QR code for ${session.learnerName}`} className="print-card-qr" />
      <p className="print-card-code" translate="no">
        {session.redemptionCode}
      </p>
      <p className="print-card-meta">
        Scan before <strong>{formatDeadline(session.codeExpiresAt)}</strong> · {durationMin}-minute session
      </p>
      <p className="print-card-manual">
        No camera? Open <span translate="no">{kioskAddress(session.redeemUrl)}</span> and type the code.
      </p>
    </article>
  );
}
