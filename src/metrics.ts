/**
 * Every metric the skill emits, by name and unit: the one list the code records from and the
 * deploy's alarms import. Plain data, no Powertools: importing the names costs nothing.
 *
 * In Lambda they become CloudWatch metrics through Powertools' EMF documents (src/emfMetrics.ts),
 * one document per invocation, in the namespace POWERTOOLS_METRICS_NAMESPACE (default
 * ProfileKeeper) with the dimensions `service` and `stage`. No dimension ever names a user.
 */
import type { LinkState } from './cognito/errors';

export const METRIC_UNITS = {
  /** Every request the skill answered (or tried to), one per invocation. */
  Requests: 'Count',
  /** Exactly one of these four per request: the link state the request was answered in. */
  Linked: 'Count',
  NotLinked: 'Count',
  RelinkNeeded: 'Count',
  CognitoUnavailable: 'Count',
  /** Envelopes refused before the skill saw them (not Alexa's shape, or another skill's id). */
  RejectedRequests: 'Count',
  /** GetUser calls the skill made (each may be up to 3 HTTP attempts, the SDK's retries). */
  GetUserCalls: 'Count',
  /** How long each GetUser call took, retries included. */
  GetUserLatency: 'Milliseconds',
  /** GetUser attempts Cognito refused with TooManyRequestsException (the pool's rate quota), retried ones included. */
  GetUserThrottles: 'Count',
  /**
   * GetUser calls that failed for another reason than throttling (5xx, timeout, network, budget
   * spent); not counted: Cognito refusing a revoked token, which is an answer.
   */
  GetUserErrors: 'Count',
  /** A request's user came from this container's cache without asking Cognito. */
  UserCacheHits: 'Count',
  /** A request with a token the cache could not answer alone (unknown, or due for a recheck). */
  UserCacheMisses: 'Count',
  /** A user lookup ran out of its time budget (COGNITO_TIME_BUDGET_MS); the user heard the apology. */
  TimeBudgetExceeded: 'Count',
  /** From the invocation's start to the answer (Lambda handler). */
  AnswerLatency: 'Milliseconds',
} as const;

export type MetricName = keyof typeof METRIC_UNITS;
export type MetricUnit = (typeof METRIC_UNITS)[MetricName];

export const METRIC_NAMES = Object.keys(METRIC_UNITS) as MetricName[];

/** The metric that says which state a request was answered in. */
export const LINK_STATE_METRIC: Record<LinkState, MetricName> = {
  linked: 'Linked',
  'not-linked': 'NotLinked',
  'relink-needed': 'RelinkNeeded',
  unavailable: 'CognitoUnavailable',
};

/** Powertools' cold-start metric (captureColdStartMetric), emitted once per container in its own document. */
export const COLD_START_METRIC = 'ColdStart';

/** Where the skill's code records a metric; the unit comes with the name. */
export interface MetricsRecorder {
  add(name: MetricName, value?: number): void;
}

/** The default outside Lambda: metrics go nowhere unless a sink is passed in. */
export const NO_METRICS: MetricsRecorder = { add: () => undefined };
