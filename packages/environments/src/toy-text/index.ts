export { CLIFF_WALKING_ACTIONS, cliffWalkingTableText, type CliffWalkingOptions } from './cliff-walking.js';
export { FROZEN_LAKE_ACTIONS, FROZEN_LAKE_MAPS, frozenLakeTableText, type FrozenLakeOptions } from './frozen-lake.js';
export { gymnasiumTableText, type GymnasiumOutcome } from './gymnasium-table.js';
export { PythonFloat, pythonFloatText, pythonJson, type PythonValue } from './python-json.js';
export { TAXI_ACTIONS, TAXI_MAP, taxiTableText } from './taxi.js';
export { GYMNASIUM_TOY_TEXT_IDS, gymnasiumExportText, type GymnasiumToyTextId } from './gymnasium-export.js';
