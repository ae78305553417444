import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricsSettings, Stage } from './config';
import { METRIC_UNITS, MetricsRecorder } from './metrics';

/**
 * The skill's metrics in Lambda: Powertools for AWS Lambda's Metrics, which writes one CloudWatch
 * embedded metric format (EMF) document to stdout per flush; CloudWatch Logs turns it into metrics.
 * Dimensions: `service` (POWERTOOLS_SERVICE_NAME) and `stage`, the same for every document; no
 * request or user ever becomes a dimension (each distinct value would be a metric of its own).
 *
 * Loaded at start, not on first use: every invocation flushes, so the first one would pay for the
 * load anyway, and at start it runs in Lambda's init phase. What it costs a cold start:
 * docs/performance.md.
 */
export interface EmfMetrics extends MetricsRecorder {
  /** Once per container, on the first invocation: Powertools' ColdStart metric, in a document of its own. */
  coldStart(): void;
  /** Writes what this invocation recorded and clears it; call on every invocation, error or not. */
  flush(): void;
}

export function createEmfMetrics(settings: MetricsSettings & { stage: Stage }): EmfMetrics {
  const metrics = new Metrics({
    namespace: settings.namespace,
    serviceName: settings.serviceName,
    defaultDimensions: { stage: settings.stage },
  });
  return {
    add: (name, value = 1) => metrics.addMetric(name, METRIC_UNITS[name], value),
    coldStart: () => metrics.captureColdStartMetric(),
    flush: () => metrics.publishStoredMetrics(),
  };
}
