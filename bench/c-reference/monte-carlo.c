/*
 * The Monte Carlo path simulation in C, for the benchmark only: issue 13 set the 60/40 target at
 * half of what C does with the same algorithm on the same machine ("the C limit"). Same plan,
 * generator and arithmetic as bench/reference-engine.ts: xoshiro128** streams seeded through
 * splitmix32, a 128-layer ziggurat (Marsaglia and Tsang 2000) with 24-bit magnitudes,
 * lognormal class returns through the Cholesky loadings (zero loadings skipped, as the engine
 * skips them), cash at its account rate over
 * inflation, contributions at each year's end and constant-dollar withdrawals at each year's
 * start. exp and log are the C library's, so paths agree with the engine's to rounding, not to
 * the bit; the speed is what this is for.
 *
 * Usage: monte-carlo <paths> <runs> <factors> then, per factor, its log mean, its weight (0 for
 * inflation) and its `factors` loadings; then cash weight · (1 + rate) after fees, and the
 * index of inflation (or -1). Prints the median CPU milliseconds of a run.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAYERS 128
#define YEARS 60
#define SAVING_YEARS 30
#define MAX_FACTORS 5

static const double ZIGGURAT_R = 3.442619855899;
static const double ZIGGURAT_AREA = 9.91256303526217e-3;
static const double MAGNITUDE_SCALE = 16777216.0;
static const double TWO_POW_MINUS_32 = 2.3283064365386963e-10;

static int32_t thresholds[LAYERS];
static double widths[LAYERS];
static double densities[LAYERS];

static double density(double x) { return exp(-0.5 * x * x); }

static void build_tables(void) {
  double edge = ZIGGURAT_R, previous = edge;
  double q = ZIGGURAT_AREA / density(edge);
  thresholds[0] = (int32_t)ceil((edge / q) * MAGNITUDE_SCALE);
  thresholds[1] = 0;
  widths[0] = q / MAGNITUDE_SCALE;
  widths[LAYERS - 1] = edge / MAGNITUDE_SCALE;
  densities[0] = 1;
  densities[LAYERS - 1] = density(edge);
  for (int layer = LAYERS - 2; layer >= 1; layer--) {
    edge = sqrt(-2 * log(ZIGGURAT_AREA / edge + density(edge)));
    thresholds[layer + 1] = (int32_t)ceil((edge / previous) * MAGNITUDE_SCALE);
    previous = edge;
    densities[layer] = density(edge);
    widths[layer] = edge / MAGNITUDE_SCALE;
  }
}

typedef struct { uint32_t s0, s1, s2, s3; } stream_t;

static uint32_t splitmix(uint32_t *state) {
  *state += 0x9e3779b9u;
  uint32_t z = *state;
  z = (z ^ (z >> 16)) * 0x21f0aaadu;
  z = (z ^ (z >> 15)) * 0x735a2d97u;
  return z ^ (z >> 15);
}

static void seed_stream(stream_t *s, uint64_t seed, uint32_t stream) {
  uint32_t low = (uint32_t)seed;
  uint32_t high = (uint32_t)(seed / 4294967296u + stream * 2097152u) ^ 0x6a09e667u;
  s->s0 = splitmix(&low) ^ (splitmix(&high) * 0x85ebca6bu);
  s->s1 = splitmix(&low) ^ (splitmix(&high) * 0xc2b2ae35u);
  s->s2 = splitmix(&low) ^ splitmix(&high);
  s->s3 = splitmix(&low) ^ splitmix(&high);
  if ((s->s0 | s->s1 | s->s2 | s->s3) == 0) s->s0 = 1;
}

static inline uint32_t next32(stream_t *s) {
  uint32_t product = s->s1 * 5u;
  uint32_t result = ((product << 7) | (product >> 25)) * 9u;
  uint32_t t = s->s1 << 9;
  s->s2 ^= s->s0;
  s->s3 ^= s->s1;
  s->s1 ^= s->s2;
  s->s0 ^= s->s3;
  s->s2 ^= t;
  s->s3 = (s->s3 << 11) | (s->s3 >> 21);
  return result;
}

static double open_unit(stream_t *s) { return ((double)next32(s) + 0.5) * TWO_POW_MINUS_32; }

static double normal(stream_t *s) {
  for (;;) {
    int32_t bits = (int32_t)next32(s);
    int layer = bits & (LAYERS - 1);
    int32_t magnitude = bits >> 7;
    double x = magnitude * widths[layer];
    if (abs(magnitude) < thresholds[layer]) return x;
    if (layer == 0) {
      double tx, ty;
      do {
        tx = -log(open_unit(s)) / ZIGGURAT_R;
        ty = -log(open_unit(s));
      } while (ty + ty < tx * tx);
      return magnitude > 0 ? ZIGGURAT_R + tx : -ZIGGURAT_R - tx;
    }
    double u = (double)next32(s) * TWO_POW_MINUS_32;
    if (densities[layer] + u * (densities[layer - 1] - densities[layer]) < density(x)) return x;
  }
}

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  int paths = atoi(argv[1]), runs = atoi(argv[2]), factors = atoi(argv[3]);
  if (factors < 1 || factors > MAX_FACTORS || argc != 4 + factors * (2 + factors) + 2) return 2;
  double log_mean[MAX_FACTORS], weight[MAX_FACTORS], loading[MAX_FACTORS][MAX_FACTORS];
  int at = 4;
  for (int f = 0; f < factors; f++) {
    log_mean[f] = atof(argv[at++]);
    weight[f] = atof(argv[at++]);
    for (int k = 0; k < factors; k++) loading[f][k] = atof(argv[at++]);
  }
  double cash_gross = atof(argv[at++]);
  int inflation_at = atoi(argv[at++]);
  /* Each factor's non-zero loadings, in order (the engine skips the zeros too). */
  int terms[MAX_FACTORS], term_factor[MAX_FACTORS][MAX_FACTORS];
  double term_loading[MAX_FACTORS][MAX_FACTORS];
  for (int f = 0; f < factors; f++) {
    terms[f] = 0;
    for (int k = 0; k < factors; k++) {
      if (loading[f][k] == 0) continue;
      term_factor[f][terms[f]] = k;
      term_loading[f][terms[f]++] = loading[f][k];
    }
  }
  build_tables();
  double *wealth = malloc(sizeof(double) * (size_t)paths * (YEARS + 1));
  unsigned char *failed = malloc((size_t)paths);
  double *times = malloc(sizeof(double) * (size_t)runs);
  double z[MAX_FACTORS][YEARS];
  double checksum = 0;
  for (int run = 0; run < runs + 3; run++) {
    double started = cpu_ms();
    stream_t streams[MAX_FACTORS];
    for (int k = 0; k < factors; k++) seed_stream(&streams[k], 1, (uint32_t)k + 1);
    memset(failed, 0, (size_t)paths);
    for (int path = 0; path < paths; path++) {
      for (int k = 0; k < factors; k++)
        for (int year = 0; year < YEARS; year++) z[k][year] = normal(&streams[k]);
      double balance = 250000, spending = 0;
      double *row = wealth + (size_t)path * (YEARS + 1);
      row[0] = balance;
      for (int year = 0; year < YEARS; year++) {
        double gross = 0;
        for (int f = 0; f < factors; f++) {
          if (f == inflation_at || weight[f] <= 0) continue;
          double log_return = log_mean[f];
          for (int t = 0; t < terms[f]; t++) log_return += term_loading[f][t] * z[term_factor[f][t]][year];
          gross += weight[f] * exp(log_return);
        }
        if (inflation_at >= 0) {
          double log_inflation = log_mean[inflation_at];
          for (int t = 0; t < terms[inflation_at]; t++)
            log_inflation += term_loading[inflation_at][t] * z[term_factor[inflation_at][t]][year];
          gross += cash_gross / exp(log_inflation);
        }
        if (year < SAVING_YEARS) {
          balance = balance * gross + 15000;
        } else {
          if (year == SAVING_YEARS) spending = 0.04 * balance;
          if (spending > balance + 1e-9 * spending) failed[path] = 1;
          double withdrawn = spending < balance ? spending : balance;
          balance = (balance - (withdrawn > 0 ? withdrawn : 0)) * gross;
        }
        row[year + 1] = balance;
      }
    }
    double elapsed = cpu_ms() - started;
    if (run >= 3) times[run - 3] = elapsed;
    checksum += wealth[(size_t)(paths / 2) * (YEARS + 1) + YEARS] + failed[paths / 3];
  }
  qsort(times, (size_t)runs, sizeof(double), compare);
  /* The checksum keeps the compiler from dropping the work. */
  printf("{\"ms\":%.4f,\"checksum\":%.17g}\n", times[runs / 2], checksum);
  free(wealth);
  free(failed);
  free(times);
  return 0;
}
