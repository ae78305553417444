import { InputType, Jovo } from '@jovotech/framework';
import { Logger } from '../logger';

/** Alexa's documented values; anything else in the request is logged as "other", never verbatim. */
const REASONS = ['USER_INITIATED', 'ERROR', 'EXCEEDED_MAX_REPROMPTS'];
const ERROR_TYPES = ['INVALID_RESPONSE', 'DEVICE_COMMUNICATION_ERROR', 'INTERNAL_SERVICE_ERROR', 'ENDPOINT_TIMEOUT'];

function known(value: unknown, values: string[]): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && values.includes(value) ? value : 'other';
}

/** Notes why a session ended: an ERROR reason means Alexa could not use one of our answers. */
export function logSessionEnd(logger: Logger) {
  return (jovo: Jovo): void => {
    if (jovo.$input.type !== InputType.End) return;
    const request = jovo.$alexa?.$request.request;
    logger.info('session ended', {
      reason: known(request?.reason, REASONS),
      errorType: known(request?.error?.type, ERROR_TYPES),
    });
  };
}
