import { Screen } from './Screen';

/** A short wait (checking the tablet's session, redeeming a code). */
export function StartingScreen({ message }: { message: string }) {
  return (
    <Screen title={message}>
      <div className="spinner" role="presentation" />
      <p className="lead" role="status">
        This only takes a moment.
      </p>
    </Screen>
  );
}
