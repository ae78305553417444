/** Alexa's side of a custom skill with account linking, offline: engine, web page, terminal. */
export { main } from './cli';
export type { Project } from './cli';
export { SimulatorEngine } from './engine';
export type { EngineOptions, SkillSettings, TurnResult } from './engine';
export type { AccountLinkingSettings, LinkStatus } from './linking';
export { loadInteractionModels } from './interactionModel';
export type { InteractionModel, ModelSource } from './interactionModel';
export { startSimulator } from './server';
export type { RunningSimulator, SimulatorOptions } from './server';
export * from './envelopes';
export * from './errors';
