// Tensor: the one numeric type of tinynn, and Rng: the one source of randomness.
// Rows are samples, columns are features: a batch of N samples with n features is N×n,
// a bias is 1×n, a scalar (a loss) is 1×1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace tinynn {

/// A 2-D array of doubles, row-major. Everything in tinynn is one of these.
using Tensor = xt::xtensor<double, 2>;

/// `text` safe to print on a terminal: control bytes (a NUL, which would cut a C string short;
/// an ANSI escape from a binary file) and bytes that are not UTF-8 become \xNN; newlines and
/// tabs stay. Errors use it, so a message quoting bad input can never garble the terminal or
/// lose its tail.
std::string printable(const std::string& text);

/// `text` with A-Z made a-z (ASCII only: names, file endings, "SGD" for "sgd").
std::string ascii_lowercase(std::string text);

/// Is `path` the name of an SVG file: something, then ".svg" in any case ("b.SVG" yes,
/// ".svg" and "b.png" no)? Every plot output checks its name with this.
bool is_svg_name(const std::string& path);

/// The offset of the first byte of `text` that is not valid UTF-8, or std::string::npos.
/// Names that go into JSON files (column names, paths) must be UTF-8: JSON cannot hold others.
std::size_t invalid_utf8_at(const std::string& text);

/// Error in what the user gave us (a file, a flag, a shape): the message says what and where.
/// Apps turn it into exit status 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(printable(what)) {}
};

/// Training produced NaN or Inf: the message says when, where, and what to try. Exit status 3.
class TrainingDiverged : public std::runtime_error {
 public:
  explicit TrainingDiverged(const std::string& what) : std::runtime_error(printable(what)) {}
};

/// Reading or writing a file failed at the operating-system level (disk full, no permission
/// to write the output folder). Exit status 4.
class IoError : public std::runtime_error {
 public:
  explicit IoError(const std::string& what) : std::runtime_error(printable(what)) {}
};

/// "4x3" for a 4×3 tensor, for error messages.
std::string shape_str(const Tensor& t);

/// The shortest text that reads back as exactly `v` ("0.1", "1e-09", "-0", "inf", "nan"),
/// for messages and files.
std::string to_text(double v);

/// A rows×cols tensor of zeros (xtensor's shape constructor leaves memory uninitialised).
Tensor zeros(std::size_t rows, std::size_t cols);

/// A rows×cols tensor filled with `value`.
Tensor filled(std::size_t rows, std::size_t cols, double value);

/// A tensor from nested rows, e.g. from_rows({{0, 1}, {1, 0}}). All rows must have one length.
Tensor from_rows(const std::vector<std::vector<double>>& rows);

/// Seeded random numbers that are the same with every compiler and standard library.
///
/// The engine is splitmix64 (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then a
/// fixed bit mix. Turning 64 random bits into a double or an index is done here, by our own
/// arithmetic, because std::uniform_real_distribution and friends differ between libstdc++,
/// libc++ and MSVC. Stream k of seed s is mix(s + (k+1)·γ): the same stream the peer
/// benchmarks in bench/ use, so they can start from identical weights.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  /// The next 64 raw bits.
  std::uint64_t next_u64();

  /// Uniform in [0, 1): the top 53 bits scaled by 2⁻⁵³, so every value is exact.
  double uniform();

  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal N(0, 1) by the Box–Muller transform (one value per call, two uniforms).
  double normal();

  /// Uniform integer in [0, n), unbiased (rejection of the incomplete top range). n > 0.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

/// A random permutation of 0..n-1 (Fisher–Yates with rng.below), e.g. a shuffled sample order.
std::vector<std::size_t> permutation(std::size_t n, Rng& rng);

}  // namespace tinynn
