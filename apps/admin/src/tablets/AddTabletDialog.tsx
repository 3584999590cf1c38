import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
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

/**
 * "Add a tablet": a one-shot enrollment QR and link (10 minutes). Open it on the tablet's browser;
 * once the tablet has enrolled, the dialog says which name it got.
 */
export function AddTabletDialog({ onClose }: { onClose: () => void }) {
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
  if (tablets.data && known.current === null) known.current = new Set(tablets.data.map((t) => t.id));
  const added = tablets.data?.find((t) => known.current !== null && !known.current.has(t.id));
  const enrollment = create.data;
  const { lapsed } = useCountdown(enrollment?.expiresAt ?? new Date(0).toISOString());

  return (
    <Dialog title="Add a tablet" onClose={onClose} size="wide">
      {added ? (
        <div className="minted minted-redeemed">
          <div className="redeemed-mark" aria-hidden="true">
            ✓
          </div>
          <div>
            <p className="minted-title" role="status">
              Enrolled as {added.name}.
            </p>
            <p className="muted">You can rename it in the list. The tablet shows its name at the top of the kiosk.</p>
            <div className="form-actions form-actions-start">
              <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
                Done
              </button>
            </div>
          </div>
        </div>
      ) : create.error ? (
        <ErrorNotice>{errorMessage(create.error)}</ErrorNotice>
      ) : !enrollment ? (
        <Loading label="Making an enrollment code…" />
      ) : (
        <div className="minted">
          <div className={lapsed ? 'minted-qr minted-qr-lapsed' : 'minted-qr'}>
            <QrImage value={enrollment.enrollUrl} label="QR code that enrolls a tablet" />
            {lapsed && <p className="qr-lapsed-label">Expired</p>}
          </div>
          <div className="minted-info">
            <p className="eyebrow">Open on the tablet: scan it, or open the link</p>
            <CodeDisplay code={enrollment.code} className={lapsed ? 'code-lapsed' : undefined} />
            <CodeCountdown expiresAt={enrollment.expiresAt} />
            {lapsed ? (
              <button type="button" className="btn btn-primary" onClick={() => create.mutate()} disabled={create.isPending}>
                New code
              </button>
            ) : (
              <CopyLinkField url={enrollment.enrollUrl} />
            )}
            <p className="muted small">
              The code works once, for one tablet. The tablet keeps a cookie that names it until you retire it here.
            </p>
            <div className="form-actions form-actions-start">
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
            </div>
          </div>
        </div>
      )}
    </Dialog>
  );
}
