import { useI18n } from '../i18n';
import type { DeviceState } from './useDevice';
import 'messages:tablet';

/** A sentence when enrolling failed or the tablet was just retired. */
export function DeviceNotice({ device }: { device: DeviceState }) {
  const { t } = useI18n();
  if (device.kind === 'enrolling') return <p className="device-notice" role="status">{t('tablet.enrolling')}</p>;
  if (device.kind !== 'none' || !device.notice) return null;
  return (
    <p className="device-notice" role="alert">
      {t(device.notice)}
    </p>
  );
}
