/** Shown on every screen while the tablet has no network, so nobody wonders why nothing happens. */
export function OfflineBanner() {
  return (
    <div className="offline-banner" role="status">
      No internet connection. Check the Wi-Fi; Perch will carry on when it’s back.
    </div>
  );
}
