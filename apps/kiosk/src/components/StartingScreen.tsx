import { useI18n } from '../i18n';
import { Screen } from './Screen';
import 'messages:starting';

/** A short wait (checking the tablet's session, redeeming a code); "Getting ready…" unless told. */
export function StartingScreen({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Screen title={message ?? t('starting.gettingReady')}>
      <div className="spinner" role="presentation" />
      <p className="lead" role="status">
        {t('starting.moment')}
      </p>
    </Screen>
  );
}
