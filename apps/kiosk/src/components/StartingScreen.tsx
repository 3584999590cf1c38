import { useI18n } from '../i18n';
import { Screen } from './Screen';

/** A short wait (checking the tablet's session, redeeming a code). */
export function StartingScreen({ message }: { message: string }) {
  const { t } = useI18n();
  return (
    <Screen title={message}>
      <div className="spinner" role="presentation" />
      <p className="lead" role="status">
        {t('starting.moment')}
      </p>
    </Screen>
  );
}
