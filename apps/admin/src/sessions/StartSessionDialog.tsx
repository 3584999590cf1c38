import { GUEST_AGE_BANDS, GUEST_SESSION_MAX_MIN, startGuestInput, type ExistingSession, type MintedSession } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { errorMessage, existingSessionsOf, toUserError, visibleError } from '../lib/errors';
import { validate } from '../lib/validate';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ExistingSessionChoice } from './ExistingSessionChoice';
import { MintedSessionPanel } from './MintedSessionPanel';
import { DEFAULT_SESSION_OPTIONS, sessionOptionsFromDraft, type SessionOptionsDraft } from './session-options';
import { SessionOptionsFields } from './SessionOptionsFields';
import { useMintSession, type GuestAgeBand, type MintOptions, type SessionTarget } from './use-mint-session';
import 'messages:common';
import 'messages:learners';
import 'messages:start';

interface StartSessionDialogProps {
  /** A learner from the list; omit for a guest session. */
  learner?: { id: string; name: string };
  onClose: () => void;
}

/**
 * Choose length and idle lock, then show the code and QR for the tablet. A learner who already has
 * a session is not given a second one silently: the server refuses, and the dialog says where it
 * is and asks (end it and start anew, start a second anyway, or cancel).
 */
export function StartSessionDialog({ learner, onClose }: StartSessionDialogProps) {
  const { t } = useI18n();
  const guest = !learner;
  const [options, setOptions] = useState<SessionOptionsDraft>(
    guest ? { ...DEFAULT_SESSION_OPTIONS, durationMin: String(GUEST_SESSION_MAX_MIN) } : DEFAULT_SESSION_OPTIONS,
  );
  const [ageBand, setAgeBand] = useState<GuestAgeBand | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [minted, setMinted] = useState<{ session: MintedSession; target: SessionTarget; options: MintOptions } | null>(null);
  // The learner's session the server named, the start it refused, and what the admin then chose.
  const [asked, setAsked] = useState<{ existing: ExistingSession[]; target: SessionTarget; options: MintOptions } | null>(null);
  const { start, renew } = useMintSession();

  const startWith = (target: SessionTarget, options: MintOptions) =>
    start.mutate(
      { target, options },
      {
        onSuccess: (session) => setMinted({ session, target, options }),
        onError: (err) => {
          const existing = existingSessionsOf(err);
          if (existing) setAsked({ existing, target, options });
          else setErrors(toUserError(err).fieldErrors);
        },
      },
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = sessionOptionsFromDraft(options);
    const guestChecked = guest ? validate(startGuestInput, { ageBand: ageBand || undefined, ...(checked.ok ? checked.data : {}) }) : null;
    const fieldErrors = { ...(checked.ok ? {} : checked.fieldErrors), ...(guestChecked && !guestChecked.ok ? guestChecked.fieldErrors : {}) };
    if (!checked.ok || (guestChecked && !guestChecked.ok)) return setErrors(fieldErrors);
    setErrors({});
    const target: SessionTarget = learner ? { kind: 'learner', learnerId: learner.id } : { kind: 'guest', ageBand: ageBand as GuestAgeBand };
    startWith(target, checked.data);
  };

  const title = learner ? t('start.title', { name: learner.name }) : t('start.guestTitle');
  if (minted) {
    return (
      <Dialog title={title} onClose={onClose} size="wide">
        <MintedSessionPanel
          minted={minted.session}
          renewing={renew.isPending}
          renewError={errorMessage(renew.error)}
          onNewCode={() =>
            renew.mutate(
              { previous: minted.session, target: minted.target, options: minted.options },
              { onSuccess: (session) => setMinted({ ...minted, session }) },
            )
          }
          onDone={onClose}
        />
      </Dialog>
    );
  }

  if (asked) {
    return (
      <Dialog title={title} onClose={onClose}>
        <ExistingSessionChoice
          existing={asked.existing}
          pending={start.isPending}
          failure={start.error}
          onChoose={(onExisting) => startWith(asked.target, { ...asked.options, onExisting })}
          onCancel={onClose}
        />
      </Dialog>
    );
  }

  const failure = visibleError(start.error);
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
        {guest && (
          <fieldset className={errors.ageBand ? 'fieldset field-invalid' : 'fieldset'}>
            <legend>{t('start.ageBand')}</legend>
            <p className="field-hint">{t('start.ageBandHint')}</p>
            <div className="segmented">
              {GUEST_AGE_BANDS.map((band, i) => (
                <label key={band} className={ageBand === band ? 'segment segment-on' : 'segment'}>
                  <input
                    type="radio"
                    name="ageBand"
                    value={band}
                    checked={ageBand === band}
                    onChange={() => setAgeBand(band)}
                    {...(i === 0 ? { 'data-autofocus': true } : {})}
                  />
                  {band}
                </label>
              ))}
            </div>
            {errors.ageBand && <p className="field-error">{errors.ageBand}</p>}
          </fieldset>
        )}
        <SessionOptionsFields
          value={options}
          onChange={setOptions}
          errors={errors}
          {...(guest ? { maxDuration: GUEST_SESSION_MAX_MIN } : {})}
        />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={start.isPending} data-autofocus={guest ? undefined : true}>
            {t(start.isPending ? 'start.starting' : 'learners.row.start')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
