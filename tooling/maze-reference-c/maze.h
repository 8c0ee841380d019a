/*
 * maze.h: the 6 x 9 maze of the C reference (included once, by maze_reference.c): its layout,
 * moves and rewards.
 */
#ifndef MAZE_REFERENCE_MAZE_H
#define MAZE_REFERENCE_MAZE_H

/* docs/tasks.md 1: rows counted from the top, columns from the left; S start, G goal,
 * # obstacle. Moves are deterministic; a move into the border or an obstacle stays put. */
enum { ROWS = 6, COLS = 9, CELLS = ROWS * COLS, ACTIONS = 4, MEMORIES = CELLS * ACTIONS };
static const char *const LAYOUT[ROWS] = {
    ".......#G",
    "..#....#.",
    "S.#....#.",
    "..#......",
    ".....#...",
    ".........",
};
/* Actions in the toolkit's order: 0 up, 1 down, 2 left, 3 right. */
static const int ROW_STEP[ACTIONS] = {-1, 1, 0, 0};
static const int COL_STEP[ACTIONS] = {0, 0, -1, 1};
/* Longest episode: a truncation, as the toolkit's default --max-steps (docs/tasks.md 1). */
#define MAX_STEPS 100000L

static int successor[CELLS][ACTIONS]; /* the cell a move leads to */
static double reward[CELLS][ACTIONS]; /* +10 for the move into the goal, -1 for any other */
static int start_cell, goal_cell;

static void build_maze(void)
{
    for (int cell = 0; cell < CELLS; cell++) {
        char here = LAYOUT[cell / COLS][cell % COLS];
        if (here == 'S') start_cell = cell;
        if (here == 'G') goal_cell = cell;
    }
    for (int cell = 0; cell < CELLS; cell++) {
        for (int a = 0; a < ACTIONS; a++) {
            int r = cell / COLS + ROW_STEP[a], c = cell % COLS + COL_STEP[a];
            int open = r >= 0 && r < ROWS && c >= 0 && c < COLS && LAYOUT[r][c] != '#';
            successor[cell][a] = open ? r * COLS + c : cell;
            reward[cell][a] = successor[cell][a] == goal_cell ? 10.0 : -1.0;
        }
    }
}

#endif
