import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { MetricName } from '../src/metrics';
import type { StageSettings } from './settings';

/**
 * The skill in production: four alarms that notify an SNS topic (and app.json's `alarmEmail`), and
 * a dashboard of link states and latencies. The skill emits its metrics (src/metrics.ts) as
 * CloudWatch EMF through Powertools, in the namespace and service set on the function, per stage.
 * docs/deploy.md says why each threshold is what it is.
 */
const period = Duration.minutes(5);
const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

export function addMonitoring(stack: Stack, fn: lambda.Function, settings: StageSettings) {
  const { namespace, service } = settings.metrics;
  const dimensionsMap = { service, stage: settings.stage };
  const metric = (metricName: MetricName, statistic = 'Sum') =>
    new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period });
  const sum = (label: string, expression: string, usingMetrics: Record<string, cloudwatch.IMetric>) =>
    new cloudwatch.MathExpression({ label, expression, usingMetrics, period });
  const topic = new sns.Topic(stack, 'AlarmTopic', { displayName: `${stack.stackName} alarms` });
  if (settings.alarmEmail) topic.addSubscription(new EmailSubscription(settings.alarmEmail));

  const alarm = (id: string, alarmDescription: string, props: Omit<cloudwatch.AlarmProps, 'alarmDescription'>) => {
    const created = new cloudwatch.Alarm(stack, id, { alarmDescription, comparisonOperator: AT_LEAST, ...props });
    created.addAlarmAction(new SnsAction(topic));
    created.addOkAction(new SnsAction(topic));
    return created;
  };
  const alarms = [
    alarm(
      'CognitoUnavailableShareAlarm',
      '5% or more of the requests (10 or more in 5 minutes) found Cognito unavailable',
      {
        metric: sum(
          'Cognito unavailable (% of requests)',
          'IF(requests >= 10, 100 * FILL(unavailable, 0) / requests, 0)',
          { requests: metric('Requests'), unavailable: metric('CognitoUnavailable') },
        ),
        threshold: 5,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    ),
    alarm('GetUserFailuresAlarm', 'Cognito GetUser failed or was throttled 5 times or more in 5 minutes', {
      metric: sum('GetUser errors + throttles', 'FILL(errors, 0) + FILL(throttles, 0)', {
        errors: metric('GetUserErrors'),
        throttles: metric('GetUserThrottles'),
      }),
      threshold: 5,
      evaluationPeriods: 1,
    }),
    alarm('FunctionErrorsAlarm', 'The function failed (crashed or timed out) 3 times or more in 5 minutes', {
      metric: fn.metricErrors({ period }),
      threshold: 3,
      evaluationPeriods: 1,
    }),
    alarm('SlowAnswersAlarm', "p99 duration 6 s or more, close to Alexa's 8 s, in 2 of 3 periods of 5 minutes", {
      metric: fn.metricDuration({ statistic: 'p99', period }),
      threshold: 6000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    }),
  ];

  const latency = (name: MetricName) => [metric(name, 'p50'), metric(name, 'p99')];
  const states = (['Linked', 'NotLinked', 'RelinkNeeded', 'CognitoUnavailable'] as const).map((name) => metric(name));
  const graph = (title: string, left: cloudwatch.IMetric[], stacked?: boolean) =>
    new cloudwatch.GraphWidget({ title, left, stacked, width: 12 });
  new cloudwatch.Dashboard(stack, 'Dashboard', {
    dashboardName: stack.stackName,
    widgets: [
      [
        graph('Link states (requests per 5 minutes)', states, true),
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 12 }),
      ],
      [
        graph('GetUser latency (ms)', latency('GetUserLatency')),
        graph('Answer latency (ms)', latency('AnswerLatency')),
      ],
    ],
  });
}
