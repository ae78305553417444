/** The offline Alexa-side simulator: engine, web page and the pieces they are made of. */
export { startSimulator } from './server';
export type { RunningSimulator, SimulatorOptions, ReconfigurableOptions } from './server';
export { SimulatorEngine } from './engine';
export type { EngineOptions, PickedIntent, TurnResult } from './engine';
export { AccountLink, loadAccountLinkingSettings } from './linking';
export type { AccountLinkingSettings, LinkStatus } from './linking';
export { understand, normalise, resolveSlotValue } from './utterances';
export { loadInteractionModel } from './interactionModel';
export * from './envelopes';
export * from './errors';
