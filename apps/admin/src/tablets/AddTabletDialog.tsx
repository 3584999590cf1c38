import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useCountdown } from '../lib/use-countdown';
import { CodeCountdown } from '../sessions/CodeCountdown';
import { CodeDisplay } from '../sessions/CodeDisplay';
import { CopyLinkField } from '../sessions/CopyLinkField';
import { QrImage } from '../sessions/QrImage';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import 'messages:common';
import 'messages:minted';
import 'messages:tablets';

/**
 * "Add a tablet": a one-shot enrollment QR and link (10 minutes). Open it on the tablet's browser;
 * once the tablet has enrolled, the dialog says which name it got.
 */
export function AddTabletDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const create = useMutation(trpc.tablets.createEnrollment.mutationOptions());
  const tablets = useQuery(trpc.tablets.list.queryOptions());
  const known = useRef<Set<string> | null>(null);
  // One code each time the dialog opens (the ref keeps StrictMode's second effect run from making two).
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    create.mutate();
  }, [create]);
  if (tablets.data && known.current === null) known.current = new Set(tablets.data.map((tablet) => tablet.id));
  const added = tablets.data?.find((tablet) => known.current !== null && !known.current.has(tablet.id));
  const enrollment = create.data;
  const { lapsed } = useCountdown(enrollment?.expiresAt ?? new Date(0).toISOString());

  return (
    <Dialog title={t('tablets.add')} onClose={onClose} size="wide">
      {added ? (
        <div className="minted minted-redeemed">
          <div className="redeemed-mark" aria-hidden="true">
            ✓
          </div>
          <div>
            <p className="minted-title" role="status">
              {t('tablets.enrolledAs', { name: added.name })}
            </p>
            <p className="muted">{t('tablets.renameLater')}</p>
            <div className="form-actions form-actions-start">
              <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
                {t('common.done')}
              </button>
            </div>
          </div>
        </div>
      ) : create.error ? (
        <ErrorNotice>{errorMessage(create.error)}</ErrorNotice>
      ) : !enrollment ? (
        <Loading label={t('tablets.making')} />
      ) : (
        <div className="minted">
          <div className={lapsed ? 'minted-qr minted-qr-lapsed' : 'minted-qr'}>
            <QrImage value={enrollment.enrollUrl} label={t('tablets.qr')} />
            {lapsed && <p className="qr-lapsed-label">{t('minted.expired')}</p>}
          </div>
          <div className="minted-info">
            <p className="eyebrow">{t('tablets.openOn')}</p>
            <CodeDisplay code={enrollment.code} className={lapsed ? 'code-lapsed' : undefined} />
            <CodeCountdown expiresAt={enrollment.expiresAt} />
            {lapsed ? (
              <button type="button" className="btn btn-primary" onClick={() => create.mutate()} disabled={create.isPending}>
                {t('minted.newCode')}
              </button>
            ) : (
              <CopyLinkField url={enrollment.enrollUrl} />
            )}
            <p className="muted small">
              {t('tablets.once')}
            </p>
            <div className="form-actions form-actions-start">
              <button type="button" className="btn" onClick={onClose}>
                {t('common.close')}
              </button>
            </div>
          </div>
        </div>
      )}
    </Dialog>
  );
}
