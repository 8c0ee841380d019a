import { CLIFF_WALKING_ACTIONS, cliffWalkingTableText } from './cliff-walking.js';
import { FROZEN_LAKE_ACTIONS, frozenLakeTableText } from './frozen-lake.js';
import { TAXI_ACTIONS, taxiTableText } from './taxi.js';

/**
 * Gymnasium's registered toy-text ids (version 1.3) this package can write without Python, each
 * with its default keyword arguments and registered time limit.
 */
export const GYMNASIUM_TOY_TEXT_IDS = ['FrozenLake-v1', 'FrozenLake8x8-v1', 'CliffWalking-v1', 'CliffWalkingSlippery-v1', 'Taxi-v4'] as const;
/** One of `GYMNASIUM_TOY_TEXT_IDS`. */
export type GymnasiumToyTextId = (typeof GYMNASIUM_TOY_TEXT_IDS)[number];

/**
 * The file examples/python/export_toy_text.py writes for `gym.make(id)`, byte for byte: the table
 * and start as json.dump writes them, then the registered time limit (when there is one) and
 * the action names.
 */
export function gymnasiumExportText(id: GymnasiumToyTextId): string {
  const names = (actions: readonly string[]) => ({ names: { actions: [...actions] } });
  switch (id) {
    case 'FrozenLake-v1':
      return frozenLakeTableText({ map: '4x4', extra: { timeLimit: 100, ...names(FROZEN_LAKE_ACTIONS) } });
    case 'FrozenLake8x8-v1':
      return frozenLakeTableText({ map: '8x8', extra: { timeLimit: 200, ...names(FROZEN_LAKE_ACTIONS) } });
    case 'CliffWalking-v1':
      return cliffWalkingTableText({ extra: names(CLIFF_WALKING_ACTIONS) });
    case 'CliffWalkingSlippery-v1':
      return cliffWalkingTableText({ slippery: true, extra: names(CLIFF_WALKING_ACTIONS) });
    case 'Taxi-v4':
      return taxiTableText({ extra: { timeLimit: 200, ...names(TAXI_ACTIONS) } });
  }
}
