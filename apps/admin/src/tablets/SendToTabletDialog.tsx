import { useMutation, useQuery } from '@tanstack/react-query';
import type { ExistingSession, SendToTabletInput, SentToTablet } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { existingSessionsOf, toUserError, visibleError } from '../lib/errors';
import { ExistingSessionChoice } from '../sessions/ExistingSessionChoice';
import { DEFAULT_SESSION_OPTIONS, sessionOptionsFromDraft, type SessionOptionsDraft } from '../sessions/session-options';
import { SessionOptionsFields } from '../sessions/SessionOptionsFields';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import 'messages:class';
import 'messages:common';
import 'messages:learners';
import 'messages:send';

/** "Send to tablet": the session opens on a free, online enrolled tablet at once, with no code to hand over. */
export function SendToTabletDialog({ learner, onClose }: { learner: { id: string; name: string }; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const tablets = useQuery(trpc.tablets.list.queryOptions());
  const free = (tablets.data ?? []).filter((tablet) => tablet.online && !tablet.currentSession);
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

  const title = t('send.title', { name: learner.name });
  if (sent) {
    return (
      <Dialog title={title} onClose={onClose} size="narrow">
        <p role="status">
          {richText(t('send.sent', { tablet: sent.tabletName, name: sent.learnerName }), { b: (text) => <strong>{text}</strong> })}
        </p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            {t('common.done')}
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
          <Loading label={t('send.looking')} />
        ) : free.length === 0 ? (
          <p className="notice notice-info">{t('send.noneFree')}</p>
        ) : (
          <fieldset className="fieldset">
            <legend>{t('send.tablet')}</legend>
            <div className="segmented">
              {free.map((tablet, i) => (
                <label key={tablet.id} className={chosen === tablet.id ? 'segment segment-on' : 'segment'}>
                  <input
                    type="radio"
                    name="tabletId"
                    value={tablet.id}
                    checked={chosen === tablet.id}
                    onChange={() => setTabletId(tablet.id)}
                    {...(i === 0 ? { 'data-autofocus': true } : {})}
                  />
                  {tablet.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <SessionOptionsFields value={options} onChange={setOptions} errors={errors} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!chosen || send.isPending}>
            {t(send.isPending ? 'class.sending' : 'learners.row.send')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
