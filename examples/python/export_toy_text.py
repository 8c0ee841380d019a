"""Write a Gymnasium toy-text environment's transition table as a DRA tabular model file.

    python export_toy_text.py FrozenLake-v1 frozenlake.json
    python export_toy_text.py FrozenLake-v1 lake8.json --kwargs '{"map_name": "8x8", "is_slippery": false}'
    dra run --env tabular --model frozenlake.json --out results/frozenlake

The file holds env.unwrapped.P and the start distribution, as json.dump writes them (the
toolkit reads that unchanged), plus the registered time limit and the action names when
Gymnasium has them. Needs gymnasium (pip install gymnasium).
"""

import argparse
import json

import gymnasium as gym

# Action names of the toy-text tasks, in Gymnasium's action order.
ACTION_NAMES = {
    "FrozenLake": ["left", "down", "right", "up"],
    "CliffWalking": ["up", "right", "down", "left"],
    "Taxi": ["south", "north", "east", "west", "pickup", "dropoff"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("env_id", help="a toy-text id, e.g. FrozenLake-v1, CliffWalking-v1, Taxi-v4")
    parser.add_argument("out", help="the JSON file to write")
    parser.add_argument("--kwargs", default="{}", help="keyword arguments of gym.make, as JSON")
    args = parser.parse_args()

    env = gym.make(args.env_id, **json.loads(args.kwargs))
    table = {"P": env.unwrapped.P, "start": list(map(float, env.unwrapped.initial_state_distrib))}
    if env.spec is not None and env.spec.max_episode_steps is not None:
        table["timeLimit"] = env.spec.max_episode_steps
    actions = next((names for family, names in ACTION_NAMES.items() if args.env_id.startswith(family)), None)
    if actions is not None:
        table["names"] = {"actions": actions}
    with open(args.out, "w") as f:
        json.dump(table, f, default=int)  # default=int: CliffWalking's states are numpy integers
    print(f"wrote {args.out}: {len(table['P'])} states")


if __name__ == "__main__":
    main()
