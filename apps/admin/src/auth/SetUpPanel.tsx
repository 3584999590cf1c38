import { SETUP_TOKEN_TTL_MS, type Admin } from '@perch/shared';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { FirstAdminForm } from './FirstAdminForm';
import { InsecureConnectionNotice } from './InsecureConnectionNotice';
import 'messages:setup';

interface SetUpPanelProps {
  /** The set-up link's token, or null when this page was opened without one. */
  token: string | null;
  onSignedIn: (admin: Admin) => void;
  onAlreadySetUp: () => void;
}

const TTL_HOURS = SETUP_TOKEN_TTL_MS / (60 * 60_000);

/**
 * Perch has no admin yet. Whoever opened the set-up link Perch printed at start-up creates the
 * first admin here; anyone else is told where that link is, never offered set-up.
 */
const code = (text: string) => <code>{text}</code>;

export function SetUpPanel({ token, onSignedIn, onAlreadySetUp }: SetUpPanelProps) {
  const { t } = useI18n();
  if (!token) {
    return (
      <>
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.noAdmin')}</p>
        <p>
          {richText(t('setup.where'), {
            code,
            link: () => <code className="setup-link-example">{`${window.location.origin}/admin/#setup=…`}</code>,
          })}
        </p>
        <p className="muted">{richText(t('setup.noLink', { hours: TTL_HOURS }), { code })}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t('setup.title')}</h1>
      <p className="muted">{t('setup.create')}</p>
      {window.isSecureContext ? (
        <FirstAdminForm token={token} onSignedIn={onSignedIn} onAlreadySetUp={onAlreadySetUp} />
      ) : (
        <InsecureConnectionNotice />
      )}
    </>
  );
}
