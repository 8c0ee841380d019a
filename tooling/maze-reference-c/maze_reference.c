/*
 * maze_reference.c: the DRA toolkit's reference implementation, in plain C, of the
 * maze workload of Patel, Acerbi & Pouget (NeurIPS 2020) at the paper's settings.
 *
 * One DRA agent learns the 6 x 9 maze of docs/tasks.md 1 and the program prints one
 * JSON line. The TypeScript agent (@dra/agent) must agree with it in distribution
 * (`pnpm verify:anchor`), and `pnpm bench` times both on the same workload. The random
 * generator is this file's own, so runs agree with the TypeScript ones statistically,
 * not bit for bit.
 *
 * Usage: maze_reference EPISODES SEED [SIGMA0] [LAMBDA]   (see README.md)
 * Build: make, or cc -std=c11 -O2 -o maze_reference maze_reference.c -lm
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "maze.h"           /* the 6 x 9 maze: layout, moves, rewards */
#include "random_numbers.h" /* xoshiro256** and a ziggurat for normal deviates */

/* ---------------------------------------------------------------- the agent */

struct settings {
    double beta, gamma, alpha_q, alpha_sigma, lambda, sigma_base, sigma_min, sigma_max;
    int n_traj, eval_every, eval_rollouts;
};

/* One memory per (cell, action), obstacles and goal included (216 in all, docs/tasks.md 1):
 * mean q, noise scale sigma; and the sigma gradient being summed. */
static double q[MEMORIES], sigma[MEMORIES], gradient[MEMORIES];

/* Soft Thompson sampling at cell s (docs/math.md 1, "Acting"; softmax with its maximum
 * subtracted, docs/math.md 5):
 *   zeta ~ N(0, I_4),  x_k = beta (q(s,k) + sigma(s,k) zeta_k),  p_k = exp(x_k) / sum_j exp(x_j).
 * Writes zeta and p. */
static void noisy_softmax(rng_t *g, double beta, int s, double zeta[ACTIONS], double p[ACTIONS])
{
    const double *qs = q + s * ACTIONS, *ss = sigma + s * ACTIONS;
    double x[ACTIONS], top = -HUGE_VAL, total = 0.0;
    for (int k = 0; k < ACTIONS; k++) {
        zeta[k] = normal(g);
        x[k] = beta * (qs[k] + ss[k] * zeta[k]);
        if (x[k] > top) top = x[k];
    }
    for (int k = 0; k < ACTIONS; k++) {
        p[k] = exp(x[k] - top);
        total += p[k];
    }
    double scale = 1.0 / total;
    for (int k = 0; k < ACTIONS; k++) p[k] *= scale;
}

/* a ~ p, by the first k whose cumulative probability exceeds one uniform. */
static int draw_action(rng_t *g, const double p[ACTIONS])
{
    double u = uniform(g), cumulative = 0.0;
    for (int k = 0; k < ACTIONS - 1; k++) {
        cumulative += p[k];
        if (u < cumulative) return k;
    }
    return ACTIONS - 1;
}

/* One learning episode with the expected-SARSA update of the means (docs/tasks.md,
 * "Notation and the shared training loop", step 1):
 *   q(s,a) += alpha_q (r + gamma sum_a' p(a'|s') q(s',a') - q(s,a)),
 * p(.|s') from a fresh noise draw at s'. The goal ends the episode and adds nothing.
 * Returns the steps taken. */
static long learning_episode(rng_t *g, const struct settings *P)
{
    double zeta[ACTIONS], p[ACTIONS], p_next[ACTIONS];
    long steps = 0;
    for (int s = start_cell; s != goal_cell && steps < MAX_STEPS; steps++) {
        noisy_softmax(g, P->beta, s, zeta, p);
        int a = draw_action(g, p), next = successor[s][a];
        double target = reward[s][a];
        if (next != goal_cell) {
            noisy_softmax(g, P->beta, next, zeta, p_next);
            double expected = 0.0;
            for (int k = 0; k < ACTIONS; k++) expected += p_next[k] * q[next * ACTIONS + k];
            target += P->gamma * expected;
        }
        q[s * ACTIONS + a] += P->alpha_q * (target - q[s * ACTIONS + a]);
        s = next;
    }
    return steps;
}

/* The sigma gradient of the paper code's 'A' estimator (docs/math.md 3.4), summed over
 * n_traj rollouts with the memories held fixed. At every step, into the memories of s:
 *   g(s,k) += psi_k w,  psi_k = beta zeta_k (1[a = k] - p_k)   (the score, docs/math.md 2),
 *   w = q(s,a) - (1/4) sum_j q(s,j).
 * Returns the steps taken. */
static long gradient_rollouts(rng_t *g, const struct settings *P)
{
    double zeta[ACTIONS], p[ACTIONS];
    long steps = 0;
    for (int i = 0; i < MEMORIES; i++) gradient[i] = 0.0;
    for (int n = 0; n < P->n_traj; n++) {
        long t = 0;
        for (int s = start_cell; s != goal_cell && t < MAX_STEPS; t++) {
            noisy_softmax(g, P->beta, s, zeta, p);
            int a = draw_action(g, p);
            const double *qs = q + s * ACTIONS;
            double w = qs[a] - 0.25 * (qs[0] + qs[1] + qs[2] + qs[3]);
            for (int k = 0; k < ACTIONS; k++)
                gradient[s * ACTIONS + k] += P->beta * zeta[k] * ((k == a) - p[k]) * w;
            s = successor[s][a];
        }
        steps += t;
    }
    return steps;
}

/* The sigma step (docs/math.md 3.4, with the clip of docs/math.md 5), every memory:
 *   sigma <- clip(sigma + alpha_sigma (g / n_traj - lambda KL'(sigma)), sigma_min, sigma_max),
 *   KL'(sigma) = sigma / sigma_base^2 - 1 / sigma   (docs/math.md 1, "Memory cost"). */
static void sigma_step(const struct settings *P)
{
    double base2 = P->sigma_base * P->sigma_base;
    for (int i = 0; i < MEMORIES; i++) {
        double kl_slope = sigma[i] / base2 - 1.0 / sigma[i];
        double next = sigma[i] + P->alpha_sigma * (gradient[i] / P->n_traj - P->lambda * kl_slope);
        sigma[i] = next < P->sigma_min ? P->sigma_min : next > P->sigma_max ? P->sigma_max : next;
    }
}

/* The memory cost lambda KL_all (docs/math.md 1, "Memory cost"), over all 216 memories:
 *   KL(sigma) = log(sigma_base / sigma) + sigma^2 / (2 sigma_base^2) - 1/2. */
static double memory_cost(const struct settings *P)
{
    double kl = 0.0;
    for (int i = 0; i < MEMORIES; i++) {
        double ratio = sigma[i] / P->sigma_base;
        kl += -log(ratio) + 0.5 * ratio * ratio - 0.5;
    }
    return P->lambda * kl;
}

/* An evaluation (docs/tasks.md, "Notation and the shared training loop", step 3): the
 * objective of DRA, F_DRA = mean undiscounted return of eval_rollouts rollouts
 * - lambda KL_all (docs/math.md 1).
 * Writes the return and the cost; returns the steps taken. */
static long evaluate(rng_t *g, const struct settings *P, double *mean_return, double *cost)
{
    double zeta[ACTIONS], p[ACTIONS], total = 0.0;
    long steps = 0;
    for (int n = 0; n < P->eval_rollouts; n++) {
        long t = 0;
        for (int s = start_cell; s != goal_cell && t < MAX_STEPS; t++) {
            noisy_softmax(g, P->beta, s, zeta, p);
            int a = draw_action(g, p);
            total += reward[s][a];
            s = successor[s][a];
        }
        steps += t;
    }
    *mean_return = total / P->eval_rollouts;
    *cost = memory_cost(P);
    return steps;
}

/* ------------------------------------------------------------------ the run */

struct run {
    long episodes, evaluations;
    long long learning_steps, gradient_steps, evaluation_steps; /* 64 bits wherever built */
    double seconds;
    double *objective, *mean_return, *cost; /* one entry per evaluation */
};

static double now_seconds(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC); /* C11; the runs timed are far shorter than any clock step */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The training loop (docs/tasks.md, "Notation and the shared training loop"): for every
 * episode e, a learning episode, the gradient rollouts and the sigma step, and when
 * e % eval_every == 0 an evaluation of the memories after that episode's updates. */
static void train(const struct settings *P, uint64_t seed, double sigma0, struct run *run)
{
    rng_t learning, gradient_rng, evaluation;
    uint64_t mix = seed;
    for (int k = 0; k < 4; k++) learning.s[k] = splitmix64(&mix);
    for (int k = 0; k < 4; k++) gradient_rng.s[k] = splitmix64(&mix);
    for (int k = 0; k < 4; k++) evaluation.s[k] = splitmix64(&mix);
    for (int i = 0; i < MEMORIES; i++) {
        q[i] = 0.0;
        sigma[i] = sigma0;
    }
    double started = now_seconds();
    for (long e = 0; e < run->episodes; e++) {
        run->learning_steps += learning_episode(&learning, P);
        run->gradient_steps += gradient_rollouts(&gradient_rng, P);
        sigma_step(P);
        if (e % P->eval_every == 0) {
            long n = run->evaluations++;
            run->evaluation_steps += evaluate(&evaluation, P, &run->mean_return[n], &run->cost[n]);
            run->objective[n] = run->mean_return[n] - run->cost[n];
        }
    }
    run->seconds = now_seconds() - started;
}

static void print_series(const char *name, const double *values, long n)
{
    printf(",\"%s\":[", name);
    for (long i = 0; i < n; i++) printf("%s%.6f", i ? "," : "", values[i]);
    printf("]");
}

/* One JSON line: the settings, the step counts, the timing, the final objective (mean of
 * the last three evaluations, as `dra run` reports) and the values at every evaluation. */
static void print_run(const struct run *run, const struct settings *P, uint64_t seed, double sigma0)
{
    long long steps = run->learning_steps + run->gradient_steps + run->evaluation_steps;
    long last = run->evaluations < 3 ? run->evaluations : 3;
    double final = 0.0;
    for (long i = run->evaluations - last; i < run->evaluations; i++)
        final += run->objective[i] / last;
    printf("{\"impl\":\"c\",\"episodes\":%ld,\"seed\":%llu,\"sigma0\":%g,\"lambda\":%g",
           run->episodes, (unsigned long long)seed, sigma0, P->lambda);
    printf(",\"steps\":%lld,\"learning_steps\":%lld,\"gradient_steps\":%lld,\"evaluation_steps\":%lld",
           steps, run->learning_steps, run->gradient_steps, run->evaluation_steps);
    printf(",\"wall_s\":%.6f,\"steps_per_sec\":%.1f,\"final_objective\":%.6f",
           run->seconds, run->seconds > 0 ? steps / run->seconds : 0.0, final);
    printf(",\"eval_episode\":[");
    for (long i = 0; i < run->evaluations; i++)
        printf("%s%ld", i ? "," : "", i * (long)P->eval_every);
    printf("]");
    print_series("objective", run->objective, run->evaluations);
    print_series("return", run->mean_return, run->evaluations);
    print_series("cost", run->cost, run->evaluations);
    printf("}\n");
}

static void usage(const char *why)
{
    fprintf(stderr,
            "maze_reference: %s\n"
            "usage: maze_reference EPISODES SEED [SIGMA0] [LAMBDA]\n"
            "  EPISODES a whole number >= 1, SEED a whole number >= 0,\n"
            "  SIGMA0 > 0 (default 3), LAMBDA >= 0 (default 0.1)\n",
            why);
    exit(2);
}

/* A number from the whole argument, or the usage message. */
static double number_argument(const char *text, const char *what)
{
    char *end;
    double value = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(value)) usage(what);
    return value;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) usage("expected 2 to 4 arguments");
    /* Paper settings (docs/tasks.md 1, the maze preset). */
    struct settings P = {
        .beta = 10.0, .gamma = 0.9, .alpha_q = 0.1, .alpha_sigma = 0.1, .lambda = 0.1,
        .sigma_base = 5.0, .sigma_min = 0.01, .sigma_max = 100.0,
        .n_traj = 10, .eval_every = 100, .eval_rollouts = 100,
    };
    double episodes = number_argument(argv[1], "EPISODES must be a whole number from 1 to 10^9");
    if (episodes < 1 || episodes > 1e9 || episodes != floor(episodes))
        usage("EPISODES must be a whole number from 1 to 10^9");
    char *end;
    errno = 0;
    unsigned long long seed = strtoull(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || argv[2][0] == '-' || errno == ERANGE)
        usage("SEED must be a whole number from 0 to 2^64 - 1");
    double sigma0 = argc > 3 ? number_argument(argv[3], "SIGMA0 must be a number > 0") : 3.0;
    if (!(sigma0 > 0)) usage("SIGMA0 must be a number > 0");
    if (argc > 4) P.lambda = number_argument(argv[4], "LAMBDA must be a number >= 0");
    if (!(P.lambda >= 0)) usage("LAMBDA must be a number >= 0");

    struct run run = {.episodes = (long)episodes};
    long slots = (run.episodes - 1) / P.eval_every + 1;
    run.objective = malloc(sizeof(double) * (size_t)slots);
    run.mean_return = malloc(sizeof(double) * (size_t)slots);
    run.cost = malloc(sizeof(double) * (size_t)slots);
    if (!run.objective || !run.mean_return || !run.cost) {
        fprintf(stderr, "maze_reference: out of memory\n");
        return 1;
    }
    build_maze();
    ziggurat_setup();
    train(&P, (uint64_t)seed, sigma0, &run);
    print_run(&run, &P, (uint64_t)seed, sigma0);
    free(run.objective);
    free(run.mean_return);
    free(run.cost);
    return 0;
}
