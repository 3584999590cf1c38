import type { MintedSession } from '@perch/shared';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { formatDeadline } from '../lib/format';
import { QrImage } from '../sessions/QrImage';
import { kioskAddress } from './sheet-pages';
import 'messages:card';

/** One learner's card on the printed sheet: name, QR, code and when the code stops working. */
export function PrintCard({ session, durationMin }: { session: MintedSession; durationMin: number }) {
  const { t } = useI18n();
  return (
    <article className="print-card" aria-label={t('card.label', { name: session.learnerName })}>
      <h3 className="print-card-name">{session.learnerName}</h3>
      <QrImage value={session.redeemUrl} label={t('card.qr', { name: session.learnerName })} className="print-card-qr" />
      <p className="print-card-code" translate="no">
        {session.redemptionCode}
      </p>
      <p className="print-card-meta">
        {richText(t('card.meta', { deadline: formatDeadline(session.codeExpiresAt), minutes: durationMin }), {
          b: (text) => <strong>{text}</strong>,
        })}
      </p>
      <p className="print-card-manual">
        {richText(t('card.manual', { address: kioskAddress(session.redeemUrl) }), {
          address: (text) => <span translate="no">{text}</span>,
        })}
      </p>
    </article>
  );
}
