import { Jovo } from '@jovotech/framework';

/**
 * A session that is open while a version which renamed or removed a component is deployed carries a
 * state naming a component this app does not have, and Jovo's router throws on it ("Could not find
 * component"). Such a request is answered as if the session had no state: the user's turn still
 * gets its global handler. Names are looked up as own keys of the app's component tree, so
 * "constructor" or "__proto__" in the attributes never reach an object's prototype.
 */
export function dropUnknownDialogueState(jovo: Jovo): void {
  const state: unknown = jovo.$session.state;
  if (state === undefined || (Array.isArray(state) && state.length === 0)) return;
  const components = jovo.$app.componentTree.tree;
  const known = (frame: unknown) => {
    const name = (frame as { component?: unknown } | null)?.component;
    return typeof name === 'string' && Object.prototype.hasOwnProperty.call(components, name);
  };
  if (!Array.isArray(state) || !state.every(known)) jovo.$session.state = [];
}
