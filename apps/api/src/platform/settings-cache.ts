import { KeyedSinks, type EventBus, type EventSink } from './events';

/** A setting (a `settings` row, by key) changed on some instance: every instance forgets its copy. */
export interface SettingEvent {
  key: string;
  at: number;
}

/**
 * How long an instance trusts its copy of a setting without hearing of a change. The event bus
 * normally says at once; this only bounds how stale a copy can get while Redis is away (a change
 * made on another instance then reaches this one's copy within this long).
 */
export const SETTINGS_CACHE_MAX_AGE_MS = 30_000;

/**
 * Settings read on hot paths (kiosk.me on every tablet), kept in this instance's memory instead
 * of read per request. A change is published on the settings bus (through Redis, to every
 * instance); each instance then forgets its copy, reads it again on next use, and tells its own
 * watchers (a kiosk's open stream), which read it through here: one read per instance, not one
 * per tablet.
 */
export class SettingsCache implements EventSink<SettingEvent> {
  private readonly held = new Map<string, { value: Promise<unknown>; readAt: number }>();
  /** Watching sinks by the key they watch: a change wakes only those that show that setting. */
  private readonly watchers = new KeyedSinks<SettingEvent>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: EventBus<SettingEvent>,
    private readonly now: () => number,
  ) {
    this.unsubscribe = bus.subscribe(this);
  }

  /** The setting under `key`, from memory, or from `load` (once for every caller) when not held or too old. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const copy = this.held.get(key);
    if (copy && this.now() - copy.readAt < SETTINGS_CACHE_MAX_AGE_MS) return copy.value as Promise<T>;
    const fresh = { value: load() as Promise<unknown>, readAt: this.now() };
    this.held.set(key, fresh);
    // A failed read is not kept: the next caller tries again.
    fresh.value.catch(() => this.held.get(key) === fresh && this.held.delete(key));
    return fresh.value as Promise<T>;
  }

  /**
   * Call after the change has committed: this instance forgets its copy at once (so its next read,
   * even before the event comes back, sees the change), then every instance hears of it. A lost
   * event only delays the others by SETTINGS_CACHE_MAX_AGE_MS at most.
   */
  async changed(key: string): Promise<void> {
    this.held.delete(key);
    try {
      await this.bus.publish({ key, at: this.now() });
    } catch (err) {
      console.error('[perch] could not publish a settings change:', err);
    }
  }

  /** Hands `sink` each change of `key` after this instance has forgotten its copy, until the returned function is called. */
  watch(key: string, sink: EventSink<SettingEvent>): () => void {
    return this.watchers.add(key, sink);
  }

  /** How many sinks watch (open kiosk streams): a closed stream leaves nothing behind. */
  watching(): number {
    return this.watchers.count();
  }

  /** A change heard on the bus (this instance's own, or another's through Redis). */
  deliver(event: SettingEvent): void {
    this.held.delete(event.key);
    this.watchers.deliver(event.key, event);
  }

  close(): void {
    this.unsubscribe();
    this.watchers.clear();
  }
}
