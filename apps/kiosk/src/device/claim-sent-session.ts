/**
 * Opens a session an admin sent to this tablet (kiosk.claim): the answer sets the HttpOnly session
 * cookie, exactly as a redeemed code would. False when it is no longer waiting (another send, lapsed).
 */
export async function claimSentSession(sessionId: string): Promise<boolean> {
  const { deviceClient } = await import('./device-client');
  return deviceClient.kiosk.claim.mutate({ sessionId }).then(
    () => true,
    () => false,
  );
}
