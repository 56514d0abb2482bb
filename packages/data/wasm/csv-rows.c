/*
 * The CSV row loop's common case in WebAssembly: records of unquoted cells whose number cells
 * are plain decimals ([-]digits[.digits]). It reads the same cells the JavaScript row loop
 * (../src/_csv-rows.ts) reads on its fast paths, to the same values, and stops at the start of
 * any record it does not take whole, for the JavaScript loop to read.
 *
 * Built by build.sh beside it (clang --target=wasm32 -msimd128); no libc.
 */
#include <stdint.h>
#include <wasm_simd128.h>

/* What each field holds, as the caller sets it before each call. */
enum { SKIP = 0, NUMBER = 1, INTEGER = 2, TEXT = 3, OTHER = 4 };

/* How a call ended. */
enum { INPUT_ENDS = 0, BLOCK_FULL = 1, DECLINED = 2 };

/*
 * The call's arguments and results, laid out by the caller in linear memory (int32 each, the
 * base offset a float64 at the end). Output areas hold `block` rows per field slot.
 */
typedef struct {
  uint32_t input;      /* the bytes, followed by at least 64 bytes of LF */
  uint32_t length;     /* bytes of input that are data */
  uint32_t kinds;      /* uint8 per field */
  uint32_t slots;      /* uint32 per field: its slot in the output areas */
  uint32_t fields;
  uint32_t delimiter;
  uint32_t block;      /* rows the output areas hold */
  uint32_t numbers;    /* float64 [slot * block + row], of fields whose keys are off by the end */
  uint32_t ids;        /* int32 [slot * block + row]: a text cell's id in its Dict, -1 empty, -2 none */
  uint32_t texts;      /* int32 triples [(slot * block + row) * 3] of id -2 cells: start, length, hash */
  uint32_t dicts;      /* a Dict per slot */
  uint32_t starts;     /* float64 per row: base + the record's offset in input */
  uint32_t missing;    /* int32 pairs (slot, row) of empty number cells: room for every cell */
  uint32_t not_whole;  /* uint8 per slot, set when a number with a fraction is read */
  /* results */
  uint32_t pos;
  uint32_t line;
  uint32_t rows;
  uint32_t missing_count;
  uint32_t status;
  double base;
  /* decimal keys (see KEYS_OFF) */
  uint32_t keys;       /* int32 [slot * block + row]: a number cell's key, 0 for an empty one */
  uint32_t key_scales; /* uint8 per slot: the keys' scale, raised as cells need; KEYS_OFF */
} Job;
_Static_assert(sizeof(Job) == 96 && __builtin_offsetof(Job, base) == 80, "the caller's layout");

/*
 * Number fields whose scale is not KEYS_OFF get each cell's value as a key rather than a double:
 * the decimal times 10^scale, an int32. A cell with more places raises the field's scale (up to
 * MAX_KEY_SCALE), and the keys of the rows before it in this call are scaled to match. A cell
 * whose key does not fit (more places, a key past 2^31 - 1, or -0, which a key cannot tell from
 * 0) sets the scale to KEYS_OFF, the rows before it in this call written out as doubles: the
 * caller keeps the field's doubles from then on.
 */
#define KEYS_OFF 255u
#define MAX_KEY_SCALE 9u
#define MAX_KEY 0x7fffffffull
static const uint64_t KEY_POW10[MAX_KEY_SCALE + 1] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull};

/* Scales the first `rows` keys of a field by 10^up; 0 when one would not fit (none changed). */
static int scale_keys(int32_t *keys, uint32_t rows, uint32_t up) {
  const int64_t factor = (int64_t)KEY_POW10[up];
  const int64_t limit = (int64_t)MAX_KEY / factor;
  for (uint32_t r = 0; r < rows; r++) {
    if (keys[r] > limit || keys[r] < -limit) return 0;
  }
  for (uint32_t r = 0; r < rows; r++) keys[r] = (int32_t)(keys[r] * factor);
  return 1;
}

/*
 * Ends keys for a field in this call: its rows [0, row), held as keys at `scale`, are written as
 * doubles (keys[r] / 10^scale is the double nearest the cell's decimal, as mantissa / 10^places
 * is), NaN where a cell is missing, and the field's scale becomes KEYS_OFF. Until then only the
 * keys were written: a field kept as keys needs no doubles.
 */
static void leave_keys(const int32_t *field_keys, double *field_numbers, uint8_t *key_scale,
                       uint32_t row, uint32_t scale, const int32_t *missing,
                       uint32_t missing_count, uint32_t slot) {
  const double power = (double)KEY_POW10[scale];
  for (uint32_t r = 0; r < row; r++) field_numbers[r] = (double)field_keys[r] / power;
  for (uint32_t i = 0; i < missing_count; i++) {
    if ((uint32_t)missing[2 * i] == slot) field_numbers[missing[2 * i + 1]] = __builtin_nan("");
  }
  *key_scale = (uint8_t)KEYS_OFF;
}

/*
 * Stores the key of a number cell for a field kept as keys, raising the field's scale as the
 * cell needs; returns 0, having turned the field's keys off (`leave_keys`), when its key cannot
 * be kept: the caller then writes the cell's double.
 */
static inline int store_key(int32_t *field_keys, double *field_numbers, uint8_t *key_scale,
                            uint32_t row, uint64_t mantissa, uint32_t scale, uint32_t minus,
                            const int32_t *missing, uint32_t missing_count, uint32_t slot) {
  uint32_t ks = *key_scale;
  if (scale > ks) {
    if (scale > MAX_KEY_SCALE || !scale_keys(field_keys, row, scale - ks)) {
      leave_keys(field_keys, field_numbers, key_scale, row, ks, missing, missing_count, slot);
      return 0;
    }
    ks = scale;
    *key_scale = (uint8_t)ks;
  }
  const uint64_t key = mantissa <= MAX_KEY ? mantissa * KEY_POW10[ks - scale] : MAX_KEY + 1;
  if (key > MAX_KEY || (minus && key == 0)) {
    leave_keys(field_keys, field_numbers, key_scale, row, ks, missing, missing_count, slot);
    return 0;
  }
  field_keys[row] = minus ? -(int32_t)key : (int32_t)key;
  return 1;
}

/*
 * The distinct values of a text column met so far by the kernel, up to DICT_VALUES of them, each
 * with an id in first-seen order; the caller maps ids to its dictionary's codes. Categorical
 * columns (a few to a few hundred values) are then read without leaving the kernel; a column with
 * more values (ids, free text) gets id -2 for the values past those, with their bytes.
 */
#define DICT_VALUES 256
#define DICT_SLOTS 512
#define DICT_POOL 4096
typedef struct {
  uint32_t count;
  uint32_t pool_used;
  uint16_t slots[DICT_SLOTS]; /* id + 1, 0 when empty; open addressing */
  uint32_t hashes[DICT_VALUES];
  uint32_t lengths[DICT_VALUES];
  uint32_t offsets[DICT_VALUES]; /* in pool */
  uint8_t pool[DICT_POOL];
} Dict;
_Static_assert(sizeof(Dict) == 8200, "the caller's DICT_BYTES");

#define LF 10
#define CR 13
#define QUOTE 34
#define FNV_OFFSET 0x811c9dc5u
#define FNV_PRIME 0x01000193u
#define MAX_SAFE 9007199254740991ull

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The offset of the first delimiter, LF or CR at or after p (input ends with LF padding). */
static inline const uint8_t *cell_end(const uint8_t *p, v128_t delimiter) {
  const v128_t lf = wasm_i8x16_splat(LF);
  const v128_t cr = wasm_i8x16_splat(CR);
  for (;;) {
    v128_t chunk = wasm_v128_load(p);
    v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(chunk, delimiter),
                                           wasm_i8x16_eq(chunk, lf)),
                              wasm_i8x16_eq(chunk, cr));
    uint32_t mask = wasm_i8x16_bitmask(hit);
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
}

/* The id of the value p[0, length) with FNV-1a hash h, adding it when there is room; else -2. */
static int32_t lookup(Dict *dict, const uint8_t *p, uint32_t length, uint32_t h) {
  /* FNV-1a's low bits cluster for values that differ in their last bytes: fold the high ones in. */
  uint32_t i = (h ^ (h >> 15)) & (DICT_SLOTS - 1);
  for (;;) {
    const uint32_t slot = dict->slots[i];
    if (slot == 0) break;
    const uint32_t id = slot - 1;
    if (dict->hashes[id] == h && dict->lengths[id] == length) {
      const uint8_t *value = dict->pool + dict->offsets[id];
      uint32_t k = 0;
      while (k < length && value[k] == p[k]) k++;
      if (k == length) return (int32_t)id;
    }
    i = (i + 1) & (DICT_SLOTS - 1);
  }
  if (dict->count == DICT_VALUES || dict->pool_used + length > DICT_POOL) return -2;
  const uint32_t id = dict->count++;
  dict->hashes[id] = h;
  dict->lengths[id] = length;
  dict->offsets[id] = dict->pool_used;
  for (uint32_t k = 0; k < length; k++) dict->pool[dict->pool_used + k] = p[k];
  dict->pool_used += length;
  dict->slots[i] = (uint16_t)(id + 1);
  return (int32_t)id;
}

__attribute__((export_name("read_rows"))) void read_rows(Job *job) {
  const uint8_t *input = (const uint8_t *)(uintptr_t)job->input;
  const uint8_t *limit = input + job->length;
  const uint8_t *kinds = (const uint8_t *)(uintptr_t)job->kinds;
  const uint32_t *slots = (const uint32_t *)(uintptr_t)job->slots;
  const uint32_t fields = job->fields;
  const uint32_t last = fields - 1;
  const uint8_t delimiter = (uint8_t)job->delimiter;
  const v128_t delimiters = wasm_i8x16_splat((int8_t)delimiter);
  const uint32_t block = job->block;
  double *numbers = (double *)(uintptr_t)job->numbers;
  int32_t *ids = (int32_t *)(uintptr_t)job->ids;
  int32_t *texts = (int32_t *)(uintptr_t)job->texts;
  Dict *dicts = (Dict *)(uintptr_t)job->dicts;
  double *starts = (double *)(uintptr_t)job->starts;
  int32_t *missing = (int32_t *)(uintptr_t)job->missing;
  uint8_t *not_whole = (uint8_t *)(uintptr_t)job->not_whole;
  int32_t *keys = (int32_t *)(uintptr_t)job->keys;
  uint8_t *key_scales = (uint8_t *)(uintptr_t)job->key_scales;
  const double base = job->base;

  const uint8_t *pos = input + job->pos;
  uint32_t line = job->line;
  uint32_t row = 0;
  uint32_t missing_count = job->missing_count;
  uint32_t status = INPUT_ENDS;

  while (pos < limit) {
    if (row == block) {
      status = BLOCK_FULL;
      break;
    }
    if (*pos == LF) {
      pos++;
      line++;
      continue;
    }
    if (*pos == CR && pos[1] == LF) {
      pos += 2;
      line++;
      continue;
    }
    const uint8_t *p = pos;
    const uint32_t row_missing = missing_count;
    int ok = 1;
    for (uint32_t f = 0; f < fields && ok; f++) {
      const uint32_t kind = kinds[f];
      const uint32_t at = slots[f] * block + row;
      const uint8_t *cell = p;
      if (*p == QUOTE || kind == OTHER) {
        ok = 0;
        break;
      }
      if (kind == NUMBER || kind == INTEGER) {
        const uint32_t minus = *p == '-';
        p += minus;
        uint64_t mantissa = 0;
        uint32_t digits = 0;
        uint32_t d;
        while ((d = (uint32_t)*p - '0') < 10) {
          mantissa = mantissa * 10 + d;
          p++;
          digits++;
        }
        uint32_t scale = 0;
        if (*p == '.') {
          p++;
          while ((d = (uint32_t)*p - '0') < 10) {
            mantissa = mantissa * 10 + d;
            p++;
            scale++;
          }
          digits += scale;
        }
        if (digits == 0) {
          /* Empty: missing. Anything else without digits is for the JavaScript loop. */
          if (p != cell) {
            ok = 0;
            break;
          }
          numbers[at] = __builtin_nan("");
          keys[at] = 0;
          missing[2 * missing_count] = (int32_t)slots[f];
          missing[2 * missing_count + 1] = (int32_t)row;
          missing_count++;
        } else {
          /* 19 digits cannot overflow 64 bits; below 2^53 and 10^22 the quotient is exact. */
          if (digits > 19 || mantissa > MAX_SAFE || scale > 22) {
            ok = 0;
            break;
          }
          const uint32_t slot = slots[f];
          uint8_t *key_scale = &key_scales[slot];
          /* A field kept as keys needs its double only to learn whether it is whole. */
          const int keyed = *key_scale != KEYS_OFF;
          if (!keyed || (scale > 0 && (kind == INTEGER || !not_whole[slot]))) {
            double value = (double)mantissa / POW10[scale];
            if (minus) value = -value;
            if (scale > 0 && __builtin_floor(value) != value) {
              if (kind == INTEGER) {
                ok = 0;
                break;
              }
              not_whole[slot] = 1;
            }
            if (!keyed) numbers[at] = value;
          }
          if (keyed && !store_key(keys + slot * block, numbers + slot * block, key_scale, row,
                                  mantissa, scale, minus, missing, missing_count, slot)) {
            const double value = (double)mantissa / POW10[scale];
            numbers[at] = minus ? -value : value;
          }
        }
      } else {
        const uint8_t *end = cell_end(p, delimiters);
        if (kind == TEXT) {
          uint32_t h = FNV_OFFSET;
          for (const uint8_t *q = p; q < end; q++) h = (h ^ *q) * FNV_PRIME;
          const uint32_t length = (uint32_t)(end - p);
          /* A cell cut by the end of the data is not a value to remember. */
          const int32_t id = length == 0 ? -1
                             : end >= limit ? -2
                                            : lookup(&dicts[slots[f]], p, length, h);
          ids[at] = id;
          if (id == -2) {
            texts[3 * at] = (int32_t)(p - input);
            texts[3 * at + 1] = (int32_t)length;
            texts[3 * at + 2] = (int32_t)h;
          }
        }
        p = end;
      }
      const uint8_t t = *p;
      if (t == delimiter && f != last) {
        p++;
      } else if (f == last && (t == LF || (t == CR && p[1] == LF))) {
        p += t == LF ? 1 : 2;
      } else {
        ok = 0;
      }
    }
    /*
     * A record is taken whole or not at all. One that reaches the end of the data (into the LF
     * padding) may be cut short: it is read again from the next input.
     */
    if (!ok || p > limit) {
      missing_count = row_missing;
      if (p < limit) status = DECLINED;
      break;
    }
    starts[row] = base + (double)(pos - input);
    row++;
    line++;
    pos = p;
  }
  job->pos = (uint32_t)(pos - input);
  job->line = line;
  job->rows = row;
  job->missing_count = missing_count;
  job->status = status;
}
