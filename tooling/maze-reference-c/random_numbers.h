/*
 * random_numbers.h: the C reference's own random numbers (included once, by maze_reference.c):
 * uniform deviates from xoshiro256** and standard normal deviates by a ziggurat.
 */
#ifndef MAZE_REFERENCE_RANDOM_NUMBERS_H
#define MAZE_REFERENCE_RANDOM_NUMBERS_H

#include <math.h>
#include <stdint.h>

/* xoshiro256** (Blackman & Vigna), its state filled by splitmix64. A run draws from three
 * generators, one per phase (learning, gradient, evaluation), as the toolkit's runs do,
 * so how often one evaluates leaves training unchanged. */
typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next_word(rng_t *g)
{
    uint64_t *s = g->s;
    uint64_t out = rotate_left(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotate_left(s[3], 45);
    return out;
}

/* Uniform on [0, 1) from the top 53 bits of a word. */
static double uniform(rng_t *g)
{
    return (double)(next_word(g) >> 11) * (1.0 / 9007199254740992.0); /* 2^-53 */
}

/* Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000), 256 layers of
 * equal area ZIG_V under f(x) = exp(-x^2 / 2). Layer i >= 1 is the box [0, zig_x[i]] x
 * [f(zig_x[i]), f(zig_x[i+1])]; layer 0 is the strip below f(R) with the tail beyond R,
 * given the pseudo-width zig_x[0] = ZIG_V / f(R). The edges follow from the equal areas:
 *   zig_x[i] = sqrt(-2 log(ZIG_V / zig_x[i-1] + f(zig_x[i-1]))),  zig_x[256] = 0. */
enum { ZIG_LAYERS = 256 };
static const double ZIG_R = 3.6541528853610088, ZIG_V = 4.92867323399e-3;
static double zig_x[ZIG_LAYERS + 1], zig_f[ZIG_LAYERS + 1];

static void ziggurat_setup(void)
{
    zig_x[0] = ZIG_V / exp(-0.5 * ZIG_R * ZIG_R);
    zig_x[1] = ZIG_R;
    for (int i = 2; i < ZIG_LAYERS; i++)
        zig_x[i] = sqrt(-2.0 * log(ZIG_V / zig_x[i - 1] + exp(-0.5 * zig_x[i - 1] * zig_x[i - 1])));
    zig_x[ZIG_LAYERS] = 0.0;
    for (int i = 0; i <= ZIG_LAYERS; i++) zig_f[i] = exp(-0.5 * zig_x[i] * zig_x[i]);
}

static double normal(rng_t *g)
{
    for (;;) {
        uint64_t w = next_word(g);
        int i = (int)(w & (ZIG_LAYERS - 1));                      /* bits 0-7: the layer */
        double u = (double)(w >> 11) * (1.0 / 4503599627370496.0) - 1.0; /* bits 11-63: [-1, 1) */
        double x = u * zig_x[i];
        if (fabs(x) < zig_x[i + 1]) return x; /* there the whole layer lies under f */
        if (i == 0) {
            /* the tail beyond R (Marsaglia 1964): with e1 = -log(U1) / R and e2 = -log(U2),
             * R + e1 is accepted when e1^2 < 2 e2 */
            double e1, e2;
            do {
                e1 = -log(1.0 - uniform(g)) / ZIG_R;
                e2 = -log(1.0 - uniform(g));
            } while (2.0 * e2 < e1 * e1);
            return u < 0.0 ? -(ZIG_R + e1) : ZIG_R + e1;
        }
        /* the wedge: accept when a uniform height in the layer falls below f(x) */
        if (zig_f[i] + uniform(g) * (zig_f[i + 1] - zig_f[i]) < exp(-0.5 * x * x)) return x;
    }
}

#endif
