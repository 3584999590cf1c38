import type { DeviceState } from './useDevice';

/** The enrolled tablet's name in the header, so staff can tell tablets apart at a glance. */
export function TabletName({ device }: { device: DeviceState }) {
  if (device.kind !== 'tablet') return null;
  return (
    <span className="tablet-name" data-testid="tablet-name">
      {device.tablet.name}
    </span>
  );
}
