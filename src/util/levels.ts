/** Finding levels, shared by the config that sets them, the engine that assigns them and every report. */

export type Level = 'error' | 'warning' | 'note';
/** A rule's level as the config sets it: a level, or off. */
export type LevelSetting = Level | 'off';
/** The lowest level that fails a run (--fail-on, --drift-fail-on); never: no level does. */
export type FailOn = Level | 'never';

export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export function levelRank(l: Level): number {
  return l === 'error' ? 3 : l === 'warning' ? 2 : 1;
}
