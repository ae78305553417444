/** Runtime state of fault injection and the GetUser counter, shared by the API and the admin endpoint. */
import { FaultOutcome, Faults, latencyFor, outcomeFor, parseFaults } from './faults';

export interface IdentityStats {
  /** GetUser requests received, including those answered with an injected fault. */
  getUserCalls: number;
  /** How many GetUser calls each injected fault hit. */
  injected: { latency: number; error: number; throttle: number; drop: number };
}

export class FaultInjector {
  private faults: Faults;
  private counters: IdentityStats = emptyStats();
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(initial: Faults = {}) {
    this.faults = parseFaults(initial);
  }

  get current(): Faults {
    return { ...this.faults };
  }

  set(faults: unknown): Faults {
    this.faults = parseFaults(faults);
    return this.current;
  }

  clear(): void {
    this.faults = {};
  }

  stats(): IdentityStats {
    return { ...this.counters, injected: { ...this.counters.injected } };
  }

  resetStats(): void {
    this.counters = emptyStats();
  }

  /** Counts the call, waits the injected latency, then draws the outcome. */
  async beforeGetUser(): Promise<FaultOutcome> {
    this.counters.getUserCalls += 1;
    const delay = latencyFor(this.faults);
    if (delay > 0) {
      this.counters.injected.latency += 1;
      await this.sleep(delay);
    }
    const outcome = outcomeFor(this.faults);
    if (outcome !== 'none') this.counters.injected[outcome] += 1;
    return outcome;
  }

  /** On close: pending delays end at once, so a test with 5 s latency does not hold the process. */
  releaseAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pending.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (this.pending.delete(entry), resolve()), ms), resolve };
      this.pending.add(entry);
    });
  }
}

function emptyStats(): IdentityStats {
  return { getUserCalls: 0, injected: { latency: 0, error: 0, throttle: 0, drop: 0 } };
}
