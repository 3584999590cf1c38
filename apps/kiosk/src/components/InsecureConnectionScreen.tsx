import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { Screen } from './Screen';
import 'messages:insecure';

/**
 * Shown instead of the kiosk when the page is not a secure context (plain http on a network
 * address). Browsers drop Perch's Secure session cookie there, so redeeming a code would use it up
 * and leave the tablet with no session: better to stop before any code is sent.
 */
export function InsecureConnectionScreen({ hadCode }: { hadCode: boolean }) {
  const { t } = useI18n();
  return (
    <Screen title={t('insecure.title')}>
      <p className="lead" role="alert">
        {t('insecure.why')}
        {hadCode && ` ${t('insecure.codeKept')}`}
      </p>
      <p className="lead">{richText(t('insecure.ask'), { b: (text) => <strong>{text}</strong> })}</p>
    </Screen>
  );
}
