import { useMutation, useQuery } from '@tanstack/react-query';
import type { ExistingSession, SendToTabletInput, SentToTablet } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { existingSessionsOf, toUserError, visibleError } from '../lib/errors';
import { ExistingSessionChoice } from '../sessions/ExistingSessionChoice';
import { DEFAULT_SESSION_OPTIONS, sessionOptionsFromDraft, type SessionOptionsDraft } from '../sessions/session-options';
import { SessionOptionsFields } from '../sessions/SessionOptionsFields';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';

/** "Send to tablet": the session opens on a free, online enrolled tablet at once, with no code to hand over. */
export function SendToTabletDialog({ learner, onClose }: { learner: { id: string; name: string }; onClose: () => void }) {
  const trpc = useTRPC();
  const tablets = useQuery(trpc.tablets.list.queryOptions());
  const free = (tablets.data ?? []).filter((t) => t.online && !t.currentSession);
  const [tabletId, setTabletId] = useState<string | null>(null);
  const chosen = tabletId ?? free[0]?.id ?? null;
  const [options, setOptions] = useState<SessionOptionsDraft>(DEFAULT_SESSION_OPTIONS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<SentToTablet | null>(null);
  // The learner's session the server named, the send it refused, and what the admin then chose.
  const [asked, setAsked] = useState<{ existing: ExistingSession[]; input: SendToTabletInput } | null>(null);
  const send = useMutation(trpc.tablets.send.mutationOptions({ onSuccess: setSent }));
  const sendWith = (input: SendToTabletInput) =>
    send.mutate(input, {
      onError: (err) => {
        const existing = existingSessionsOf(err);
        if (existing) setAsked({ existing, input });
        else setErrors(toUserError(err).fieldErrors);
      },
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = sessionOptionsFromDraft(options);
    if (!checked.ok) return setErrors(checked.fieldErrors);
    if (!chosen) return;
    setErrors({});
    sendWith({ learnerId: learner.id, tabletId: chosen, ...checked.data });
  };

  const title = `Send ${learner.name} to a tablet`;
  if (sent) {
    return (
      <Dialog title={title} onClose={onClose} size="narrow">
        <p role="status">
          Sent to <strong>{sent.tabletName}</strong>: {sent.learnerName}’s session opens there now, no code needed.
        </p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  if (asked) {
    return (
      <Dialog title={title} onClose={onClose}>
        <ExistingSessionChoice
          existing={asked.existing}
          pending={send.isPending}
          failure={send.error}
          onChoose={(onExisting) => sendWith({ ...asked.input, onExisting })}
          onCancel={onClose}
        />
      </Dialog>
    );
  }
  const failure = visibleError(send.error);
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
        {tablets.isPending ? (
          <Loading label="Looking for free tablets…" />
        ) : free.length === 0 ? (
          <p className="notice notice-info">No enrolled tablet is online and free right now. Open the kiosk on one, or end a session on the Tablets page.</p>
        ) : (
          <fieldset className="fieldset">
            <legend>Tablet</legend>
            <div className="segmented">
              {free.map((t, i) => (
                <label key={t.id} className={chosen === t.id ? 'segment segment-on' : 'segment'}>
                  <input
                    type="radio"
                    name="tabletId"
                    value={t.id}
                    checked={chosen === t.id}
                    onChange={() => setTabletId(t.id)}
                    {...(i === 0 ? { 'data-autofocus': true } : {})}
                  />
                  {t.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <SessionOptionsFields value={options} onChange={setOptions} errors={errors} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!chosen || send.isPending}>
            {send.isPending ? 'Sending…' : 'Send to tablet'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
