import type { DeviceState } from './useDevice';

/** A sentence when enrolling failed or the tablet was just retired. */
export function DeviceNotice({ device }: { device: DeviceState }) {
  if (device.kind === 'enrolling') return <p className="device-notice" role="status">Enrolling this tablet…</p>;
  if (device.kind !== 'none' || !device.notice) return null;
  return (
    <p className="device-notice" role="alert">
      {device.notice}
    </p>
  );
}
